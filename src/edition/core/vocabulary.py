"""The edition's vocabulary, defined once: languages, text columns, note kinds, register
types, verification statuses. The JSON Schemas name the same values in their ``enum``s
(editors' YAML tools read the schemas); a test keeps the two in step."""

from __future__ import annotations

# Languages of the texts and translations, with their English names and the polyglossia
# language that sets them in the printed book (Korean appears in names only).
LANGUAGE_NAMES = {"ru": "Russian", "uk": "Ukrainian", "en": "English", "ko": "Korean"}
LANGUAGES = ("en", "ru", "uk", "ko")  # in the order name forms are listed
POLYGLOSSIA = {"en": "english", "ru": "russian", "uk": "ukrainian"}

# The two columns of a parallel text; a note or a mention names one.
COLUMNS = ("original", "translation")

# What a note does, and how its label reads.
NOTE_KINDS = {
    "identification": "Identification",
    "fact-correction": "Correction of fact",
    "name-correction": "Correction of name or title",
    "translation": "Translation and transcription",
    "context": "Context",
    "disputed": "Disputed claim",
    "reference": "Reference",
}

# Types of actors in the register, and the heading of each group on the register page.
REGISTER_TYPES = {
    "person": "Persons",
    "state": "States",
    "organisation": "Organisations and institutions",
    "media": "Media",
    "place": "Places",
}

# What the editors could verify of a document's provenance (its "status").
STATUSES = ("verified", "partly verified", "unverified", "not identified")
# What the editors say of a single checked fact (a Hangul form): how far they checked it.
CHECKED = STATUSES[:3]
