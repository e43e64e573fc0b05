from assessor.cli import entry

entry()
