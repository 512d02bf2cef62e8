"""The summary's sections, one module each, in the order `document.render` sets them."""
