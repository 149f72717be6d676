#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Validates An Tâm reports against data/antam-report.schema.json with a
real JSON Schema validator (Debian's python3-jsonschema, draft 2020-12).

  validate-report.py SCHEMA FILE...   every FILE must be valid
  validate-report.py --invalid SCHEMA FILE...   every FILE must be refused

Prints one line per problem and exits 1 when any file is not as expected;
exits 77 when the validator is missing (the caller skips, saying why).
"""
import json
import sys

try:
    import jsonschema
    from jsonschema import Draft202012Validator
except ImportError:
    print("python3-jsonschema is not installed", file=sys.stderr)
    sys.exit(77)


def main():
    args = sys.argv[1:]
    expect_valid = True
    if args and args[0] == "--invalid":
        expect_valid = False
        args = args[1:]
    with open(args[0], encoding="utf-8") as f:
        schema = json.load(f)
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    failed = 0
    for path in args[1:]:
        with open(path, encoding="utf-8") as f:
            report = json.load(f)
        errors = sorted(validator.iter_errors(report), key=lambda e: list(e.absolute_path))
        if expect_valid and errors:
            failed += 1
            for error in errors[:10]:
                where = "/".join(str(p) for p in error.absolute_path)
                print("%s: /%s: %s" % (path, where, error.message))
        elif not expect_valid and not errors:
            failed += 1
            print("%s: accepted, but should have been refused" % path)
    print("%d file(s) checked, %d not as expected" % (len(args) - 1, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
