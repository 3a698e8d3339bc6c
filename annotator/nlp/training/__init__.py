"""Training the span model (content, cue and source boundaries) that works beside the rules."""
