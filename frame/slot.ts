/**
 * The key of a frame's internal accessor for a column slot that may not be gathered yet (see
 * verbs/take.ts). A module of its own, with no imports, so that it is defined whichever of
 * data-frame.ts and take.ts loads first.
 */
export const SLOT: unique symbol = Symbol('gpuframe.slot');
