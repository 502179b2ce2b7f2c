"""Live sources for users with internet: UN Comtrade (comtradeapicall) and CEPII BACI releases, cached in data/external/."""
