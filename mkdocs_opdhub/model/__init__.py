"""The input model: YAML sources with line marks, papers, the taxonomy, the JSON Schema, problems."""
