"""Document ingestion: from an uploaded file to page texts, a thumbnail and suggestions."""
