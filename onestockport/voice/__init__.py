"""Resident voice: engagements and survey responses, priority tagging, redaction, disclosure control.

Layers, one module each:

* ``importers/`` reads survey exports (CSV, XLSX) through a mapping file into plain records;
* ``tagging`` scores free text against the nine priorities with an offline sentence-embedding model;
* ``redaction``, ``disclosure`` and ``representativeness`` are pure functions on plain values;
* ``services`` writes, ``selectors`` reads (public figures go through disclosure control there);
* ``views``/``templatetags`` render the public "what we heard" pages; ``admin`` is the officers' desk.
"""
