"""`manumit export`: the library written out whole, in the project's own format or another.

`library` writes the Manumit format (JSON Lines, see `library.FORMAT` and docs/import.md);
`bundle` puts it in a zip with the attached files; `citations` writes the bibliographic
formats that the catalogue's format registry offers (BibTeX, RIS, CSL-JSON, CSV).
"""
