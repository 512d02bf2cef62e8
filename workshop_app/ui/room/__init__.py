"""Invite the room (the window's side): the facilitator's panel, the wall view with the QR code
and join code, and the controller that runs the participant server (services/room/)."""
