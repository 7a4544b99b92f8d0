/**
 * The form of a cue's text that is spoken and hashed: Unicode NFC, whitespace runs collapsed to
 * one space, trimmed. Re-wrapping a line in the source therefore costs no API call.
 */
export const normalizeText = (text: string): string => text.normalize('NFC').replace(/\s+/g, ' ').trim();
