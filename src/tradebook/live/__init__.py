"""Loaders for live sources a user with internet refreshes from: UN Comtrade and CEPII BACI."""
