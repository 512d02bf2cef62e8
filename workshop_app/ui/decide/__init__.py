"""The parts of the Decide stage: request list, decision card, decision buttons, action items."""
