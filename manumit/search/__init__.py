"""Full-text search inside the library's documents."""
