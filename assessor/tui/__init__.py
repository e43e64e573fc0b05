"""The Textual chat app. Only assessor.commands.app imports this package, and only when the app runs."""
