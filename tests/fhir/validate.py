#!/usr/bin/env python3
"""Validates a FHIR R4 Bundle (JSON file) against the FHIR R4 (4.0.1) resource models.

Uses PyPI `fhir.resources==5.1.1`, the last release whose models are FHIR R4 4.0.1 (later
releases model R4B and R5). Each resource is parsed strictly: wrong types, missing
required elements and elements FHIR R4 does not define are refused.
Exit 0 when the bundle parses; exit 1 with the validator's error otherwise.
Usage: python3 tests/fhir/validate.py BUNDLE.json
"""
import json
import sys

import fhir.resources
from fhir.resources.bundle import Bundle

if fhir.resources.__fhir_version__ != "4.0.1":
    sys.exit(f"fhir.resources models FHIR {fhir.resources.__fhir_version__}, not R4 4.0.1")

with open(sys.argv[1], encoding="utf-8") as f:
    data = json.load(f)
try:
    Bundle(data, strict=True)
except Exception as e:  # FHIRValidationError, or a TypeError from a malformed element
    print(f"invalid FHIR R4 Bundle: {e}", file=sys.stderr)
    sys.exit(1)
print(f"valid FHIR R4 Bundle: {len(data.get('entry', []))} entries")
