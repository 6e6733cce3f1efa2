// Browsers cap an element's height (Chromium near 33.5 million px), so a table of millions of rows cannot
// be one tall element. The scroll element handed to @tanstack/react-virtual is this adapter: it presents
// the full ("virtual") height to the virtualizer and maps offsets onto a real element no taller than
// MAX_REAL_PX. Below that height the factor is 1 and the adapter is transparent.

export const MAX_REAL_PX = 12_000_000;

export class ScaledScrollElement {
  private lastWrite: { real: number; virtual: number } | null = null;

  constructor(
    readonly el: HTMLElement,
    private readonly virtualHeight: () => number,
  ) {}

  /** the real scrollable height: the virtual one, capped */
  static realHeight(virtualHeight: number): number {
    return Math.min(virtualHeight, MAX_REAL_PX);
  }

  /** virtual px per real px while scrolling */
  factor(): number {
    const vh = this.el.clientHeight;
    const virtual = this.virtualHeight();
    const real = ScaledScrollElement.realHeight(virtual);
    if (virtual <= real || real - vh <= 0) return 1;
    return (virtual - vh) / (real - vh);
  }

  toVirtual(real: number): number {
    if (this.lastWrite && Math.abs(real - this.lastWrite.real) < 1) return this.lastWrite.virtual;
    return real * this.factor();
  }

  toReal(virtual: number): number {
    return virtual / this.factor();
  }

  // ---- the part of Element the virtualizer reads ----
  get ownerDocument(): Document {
    return this.el.ownerDocument;
  }
  get clientHeight(): number {
    return this.el.clientHeight;
  }
  get clientWidth(): number {
    return this.el.clientWidth;
  }
  get scrollHeight(): number {
    return Math.max(this.virtualHeight(), this.el.clientHeight);
  }
  get scrollWidth(): number {
    return this.el.scrollWidth;
  }
  get scrollLeft(): number {
    return this.el.scrollLeft;
  }
  get scrollTop(): number {
    return this.toVirtual(this.el.scrollTop);
  }
  scrollTo(opts: ScrollToOptions): void {
    if (opts.top === undefined) {
      this.el.scrollTo(opts);
      return;
    }
    const maxVirtual = Math.max(0, this.virtualHeight() - this.el.clientHeight);
    const virtual = Math.max(0, Math.min(maxVirtual, opts.top));
    const real = Math.round(this.toReal(virtual));
    this.lastWrite = { real, virtual };
    this.el.scrollTo({ ...opts, top: real });
  }
  getBoundingClientRect(): DOMRect {
    return this.el.getBoundingClientRect();
  }
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: AddEventListenerOptions | boolean): void {
    this.el.addEventListener(type, listener, options);
  }
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: EventListenerOptions | boolean): void {
    this.el.removeEventListener(type, listener, options);
  }
}
