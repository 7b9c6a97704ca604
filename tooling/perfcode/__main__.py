from perfcode.cli import main

raise SystemExit(main())
