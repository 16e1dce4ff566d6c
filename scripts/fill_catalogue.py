"""Fill locale/ja/LC_MESSAGES/django.po from scripts/ja_translations.py (run after
`make makemessages`): every entry gets its Japanese text, fuzzy flags are dropped, and the
entries with no translation are listed (the suite fails while any remain)."""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from ja_translations import JA  # noqa: E402

PO = ROOT / "locale" / "ja" / "LC_MESSAGES" / "django.po"


def unquote(block: str) -> str:
    text = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block))
    return text.encode("latin-1", "backslashreplace").decode("unicode_escape")


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main() -> int:
    header, *entries = PO.read_text(encoding="utf-8").split("\n\n")
    header = header.replace(
        '"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"',
        '"Plural-Forms: nplurals=1; plural=0;\\n"',
    )
    header = header.replace("#, fuzzy\n", "")
    header = header.replace("PACKAGE VERSION", "ministerial-meetings-archive")
    header = re.sub(
        r'"PO-Revision-Date: [^"]*"', r'"PO-Revision-Date: 2026-12-01 12:00+0000\\n"', header
    )
    header = header.replace("FULL NAME <EMAIL@ADDRESS>", "Archive editors")
    header = header.replace("LANGUAGE <LL@li.org>", "Japanese")
    header = header.replace('"Language: \\n"', '"Language: ja\\n"')
    missing = []
    out = [header]
    for entry in entries:
        if not entry.strip():
            continue
        msgid = unquote(re.search(r'^msgid ((?:".*"\n?)+)', entry, re.M).group(1))
        lines = [line for line in entry.split("\n") if line != "#, fuzzy"]
        entry = "\n".join(lines)
        entry = re.sub(r"^#, fuzzy, ", "#, ", entry, flags=re.M)
        entry = re.sub(r"^#\| .*\n?", "", entry, flags=re.M)
        translation = JA.get(msgid)
        if translation is None:
            missing.append(msgid)
            out.append(entry)
            continue
        if "msgid_plural" in entry:
            entry = re.sub(r'^msgstr\[0\] (?:".*"\n?)+', "", entry, flags=re.M)
            entry = re.sub(r'^msgstr\[1\] (?:".*"\n?)+', "", entry, flags=re.M)
            entry = entry.rstrip("\n") + "\nmsgstr[0] " + quote(translation)
        else:
            entry = re.sub(r'^msgstr (?:".*"\n?)+', "", entry, flags=re.M)
            entry = entry.rstrip("\n") + "\nmsgstr " + quote(translation)
        out.append(entry)
    PO.write_text("\n\n".join(out) + "\n", encoding="utf-8")
    for msgid in missing:
        print("untranslated:", msgid)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
