"""The local sandbox: a Slack-like DM page and a stand-in for the Slack Web API."""
