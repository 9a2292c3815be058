"""The Slack adapter: slack-bolt's AsyncApp mounted in Signoff's aiohttp app, and Socket Mode."""
