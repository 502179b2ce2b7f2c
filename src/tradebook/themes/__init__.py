"""The themes' analyses and the claims: verdict rules, the 2025 projection, the gravity model, the briefing's findings."""
