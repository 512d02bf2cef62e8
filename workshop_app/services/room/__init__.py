"""Inviting the room: participants join from their own devices over the local network.

`invitation` holds the secrets of one invitation (join code, tokens) and the rate limits,
`room` the participants' and facilitator's operations over the workshop database, `server` the
aiohttp application that serves the participant page, and `runner` runs it on its own thread
and event loop, so neither the window nor the command line waits for it. No Qt here: the window
and `workshop-app serve` use the same pieces.
"""
