"""What needs both storage and report: importing a file (a summary PDF is verified first), the
headless demo. Storage and report never import each other; this layer joins them."""
