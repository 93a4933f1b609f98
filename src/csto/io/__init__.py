"""Edge: reading and writing files (the record's YAML, exports). The core never does I/O."""
