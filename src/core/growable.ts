// Typed arrays indexed by a dense id (install, version, command) that grow as ids appear.

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
  private readonly fill: number;

  constructor(make: TypedArrayConstructor<T>, fill = 0, initial = 1024) {
    this.make = make;
    this.fill = fill;
    this.array = new make(initial);
    if (fill !== 0) this.array.fill(fill);
  }

  /** Makes index `i` valid; returns the (possibly new) array. */
  ensure(i: number): T {
    if (i < this.array.length) return this.array;
    let length = this.array.length;
    while (length <= i) length = nextCapacity(length);
    const grown = new this.make(length);
    grown.set(this.array);
    if (this.fill !== 0) grown.fill(this.fill, this.array.length);
    this.array = grown;
    return grown;
  }
}
