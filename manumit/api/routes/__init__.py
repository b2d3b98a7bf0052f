"""The API's operations, one module per kind of record."""
