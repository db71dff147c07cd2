#!/usr/bin/env python3
# validate-schema.py SCHEMA JSON...: each JSON file must validate against SCHEMA.
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
validator = jsonschema.Draft202012Validator(schema)
bad = 0
for path in sys.argv[2:]:
    for err in validator.iter_errors(json.load(open(path))):
        bad += 1
        loc = "/".join(str(p) for p in err.absolute_path)
        print(f"{path}: {loc}: {err.message[:200]}", file=sys.stderr)
        if bad > 20:
            sys.exit(1)
sys.exit(1 if bad else 0)
