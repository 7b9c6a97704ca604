"""What is owed and when: expected records, deadlines, working days, status."""
