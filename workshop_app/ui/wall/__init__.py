"""The wall for the room: the stage the facilitator is on, on a second screen (Shift+F5)."""
