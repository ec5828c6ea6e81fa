"""Up-front checks of the config, the sample sheet, the design and the reference."""
