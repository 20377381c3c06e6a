// Typed arrays indexed by a dense id (an install, a version, an event) that grow as ids appear, zero-filled.

/**
 * The next size of a growing array: doubling while small, then +25% (an install column of 2.5M entries
 * would otherwise sit in a 4M one), which still copies each entry only a few times in all.
 */
export function nextCapacity(length: number): number {
  return length < 1 << 20 ? Math.max(16, length * 2) : Math.ceil(length * 1.25);
}

type TypedArray = Float64Array | Int32Array | Uint32Array;
type TypedArrayConstructor<T extends TypedArray> = { new (length: number): T };

export class Growable<T extends TypedArray> {
  array: T;
  private readonly make: TypedArrayConstructor<T>;

  constructor(make: TypedArrayConstructor<T>, initial = 1024) {
    this.make = make;
    this.array = new make(initial);
  }

  /** Makes index `i` valid; returns the (possibly new) array. */
  ensure(i: number): T {
    if (i < this.array.length) return this.array;
    let length = this.array.length;
    while (length <= i) length = nextCapacity(length);
    const grown = new this.make(length);
    grown.set(this.array);
    this.array = grown;
    return grown;
  }
}
