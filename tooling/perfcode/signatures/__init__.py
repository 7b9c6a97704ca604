"""Who must sign, who signed, and the evidence kept with every merge."""
