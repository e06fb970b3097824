"""Merge Chinese translations into the zh_CN catalogue: scripts/translate FILE.json

FILE.json maps English msgids to Chinese ({"Save": "保存"}); the catalogue is re-extracted first,
so new strings exist. Prints the msgids still untranslated. Several people may run it at once:
scripts/translate holds a lock around it.
"""

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parents[1] / "app/locale/zh_CN/LC_MESSAGES/messages.po"


def main(path: str) -> None:
    translations = json.loads(Path(path).read_text(encoding="utf-8")) if path != "-" else {}
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="zh_CN")
    missing = []
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        if key in translations:
            message.string = translations[key] if isinstance(message.id, str) else (translations[key],)
        elif not (message.string if isinstance(message.string, str) else all(message.string)):
            missing.append(key)
    with PO.open("wb") as handle:
        write_po(handle, catalog, sort_output=True, width=0)
    print("untranslated:", json.dumps(missing, ensure_ascii=False) if missing else "none")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "-")
