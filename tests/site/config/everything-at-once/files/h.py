# A hook MkDocs imports when it reads mkdocs.yml: it leaves a mark where it ran.
from pathlib import Path

Path(__file__).with_name("HOOK-RAN").write_text("the hook ran\n", encoding="utf-8")
