"""Sources: the loaders of the shipped raw files (each verifies its checksum first) and the live readers (UN Comtrade, CEPII BACI)."""
