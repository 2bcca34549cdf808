;; Complex FFTs of power-of-two sizes with 128-bit SIMD (f64x2: one complex number per vector),
;; the kernel behind @semiclassical/grid's FftPlan when WebAssembly SIMD is available.
;; Source of src/fft-wasm-binary.ts (regenerate: pnpm build:wasm, i.e. tooling/wasm.js; a test
;; checks the committed binary against this file).
;;
;; Conventions (those of fft.ts): forward X_k = sum_j x_j e^{-2 pi i j k / n}; inverse with
;; e^{+2 pi i j k / n} and the factor 1/n applied through `factor` by the callers.
;; A complex number is 16 bytes (re, im). Twiddle tables (built by fft-wasm.ts) hold, for
;; t = 0 .. n-1, w^t = c + i d (w = e^{-2 pi i / n}, or its conjugate for the inverse) as
;; 32 bytes: (c, c) then (-d, d), so that v w = v (c, c) + swap(v) (-d, d).
;;
;; Algorithm: Stockham autosort, decimation in frequency, radix 4 (one radix-2 stage last when
;; log2 n is odd); stage with sub-length L and stride s maps x to y by
;;   y[q + s (4p + k)] = w_L^{k p} sum_r x[q + s (p + r L/4)] i^{-k r}   (forward),
;; p < L/4, q < s; the next stage has L/4 and 4s. A batch of B interleaved transforms (element j
;; of transform b at j B + b) is the same recursion started with s = B.
(module
  (memory (export "memory") 1)

  ;; The stages of one batch: n points, s0 interleaved transforms at x; y is scratch of the same
  ;; size. Returns the address holding the result (x or y). dir = 1 forward, 0 inverse (selects
  ;; the rotation by +i or -i; the twiddle table tw must match).
  (func $stages (export "stages")
    (param $n i32) (param $s0 i32) (param $x i32) (param $y i32) (param $tw i32) (param $dir i32)
    (result i32)
    (local $len i32) (local $s i32) (local $m i32) (local $p i32)
    (local $ts i32) (local $s16 i32) (local $sm i32) (local $xa i32) (local $ya i32)
    (local $qend i32) (local $tp i32) (local $swap i32)
    (local $rot v128)
    (local $w1c v128) (local $w1d v128) (local $w2c v128) (local $w2d v128)
    (local $w3c v128) (local $w3d v128)
    (local $a v128) (local $b v128) (local $c v128) (local $d v128)
    (local $apc v128) (local $amc v128) (local $bpd v128) (local $jbmd v128) (local $t v128)
    ;; forward: the 4-point DFT needs i (b - d); inverse: -i (b - d). i (x + i y) = (-y, x).
    (local.set $rot
      (if (result v128) (local.get $dir)
        (then (v128.const f64x2 -1 1))
        (else (v128.const f64x2 1 -1))))
    (local.set $len (local.get $n))
    (local.set $s (local.get $s0))
    (local.set $ts (i32.const 32))
    (block $radix4done
      (loop $stage
        (br_if $radix4done (i32.lt_u (local.get $len) (i32.const 4)))
        (local.set $m (i32.shr_u (local.get $len) (i32.const 2)))
        (local.set $s16 (i32.shl (local.get $s) (i32.const 4)))
        (local.set $sm (i32.mul (local.get $s16) (local.get $m)))
        (local.set $p (i32.const 0))
        (loop $ploop
          (local.set $tp (i32.add (local.get $tw) (i32.mul (local.get $p) (local.get $ts))))
          (local.set $w1c (v128.load (local.get $tp)))
          (local.set $w1d (v128.load offset=16 (local.get $tp)))
          (local.set $tp (i32.add (local.get $tw)
            (i32.mul (i32.shl (local.get $p) (i32.const 1)) (local.get $ts))))
          (local.set $w2c (v128.load (local.get $tp)))
          (local.set $w2d (v128.load offset=16 (local.get $tp)))
          (local.set $tp (i32.add (local.get $tw)
            (i32.mul (i32.mul (local.get $p) (i32.const 3)) (local.get $ts))))
          (local.set $w3c (v128.load (local.get $tp)))
          (local.set $w3d (v128.load offset=16 (local.get $tp)))
          (local.set $xa (i32.add (local.get $x) (i32.mul (local.get $s16) (local.get $p))))
          (local.set $ya (i32.add (local.get $y)
            (i32.shl (i32.mul (local.get $s16) (local.get $p)) (i32.const 2))))
          (local.set $qend (i32.add (local.get $xa) (local.get $s16)))
          (loop $qloop
            (local.set $a (v128.load (local.get $xa)))
            (local.set $b (v128.load (i32.add (local.get $xa) (local.get $sm))))
            (local.set $c (v128.load (i32.add (local.get $xa)
              (i32.shl (local.get $sm) (i32.const 1)))))
            (local.set $d (v128.load (i32.add (local.get $xa)
              (i32.mul (local.get $sm) (i32.const 3)))))
            (local.set $apc (f64x2.add (local.get $a) (local.get $c)))
            (local.set $amc (f64x2.sub (local.get $a) (local.get $c)))
            (local.set $bpd (f64x2.add (local.get $b) (local.get $d)))
            (local.set $t (f64x2.sub (local.get $b) (local.get $d)))
            (local.set $jbmd (f64x2.mul
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t))
              (local.get $rot)))
            (v128.store (local.get $ya) (f64x2.add (local.get $apc) (local.get $bpd)))
            (local.set $t (f64x2.sub (local.get $amc) (local.get $jbmd)))
            (v128.store (i32.add (local.get $ya) (local.get $s16))
              (f64x2.add
                (f64x2.mul (local.get $t) (local.get $w1c))
                (f64x2.mul
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t))
                  (local.get $w1d))))
            (local.set $t (f64x2.sub (local.get $apc) (local.get $bpd)))
            (v128.store (i32.add (local.get $ya) (i32.shl (local.get $s16) (i32.const 1)))
              (f64x2.add
                (f64x2.mul (local.get $t) (local.get $w2c))
                (f64x2.mul
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t))
                  (local.get $w2d))))
            (local.set $t (f64x2.add (local.get $amc) (local.get $jbmd)))
            (v128.store (i32.add (local.get $ya) (i32.mul (local.get $s16) (i32.const 3)))
              (f64x2.add
                (f64x2.mul (local.get $t) (local.get $w3c))
                (f64x2.mul
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t))
                  (local.get $w3d))))
            (local.set $xa (i32.add (local.get $xa) (i32.const 16)))
            (local.set $ya (i32.add (local.get $ya) (i32.const 16)))
            (br_if $qloop (i32.lt_u (local.get $xa) (local.get $qend))))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br_if $ploop (i32.lt_u (local.get $p) (local.get $m))))
        (local.set $swap (local.get $x))
        (local.set $x (local.get $y))
        (local.set $y (local.get $swap))
        (local.set $s (i32.shl (local.get $s) (i32.const 2)))
        (local.set $len (local.get $m))
        (local.set $ts (i32.shl (local.get $ts) (i32.const 2)))
        (br $stage)))
    ;; The last stage when log2 n is odd: L = 2, p = 0, no twiddle.
    (if (i32.eq (local.get $len) (i32.const 2))
      (then
        (local.set $s16 (i32.shl (local.get $s) (i32.const 4)))
        (local.set $xa (local.get $x))
        (local.set $ya (local.get $y))
        (local.set $qend (i32.add (local.get $x) (local.get $s16)))
        (loop $q2
          (local.set $a (v128.load (local.get $xa)))
          (local.set $b (v128.load (i32.add (local.get $xa) (local.get $s16))))
          (v128.store (local.get $ya) (f64x2.add (local.get $a) (local.get $b)))
          (v128.store (i32.add (local.get $ya) (local.get $s16))
            (f64x2.sub (local.get $a) (local.get $b)))
          (local.set $xa (i32.add (local.get $xa) (i32.const 16)))
          (local.set $ya (i32.add (local.get $ya) (i32.const 16)))
          (br_if $q2 (i32.lt_u (local.get $xa) (local.get $qend))))
        (local.set $swap (local.get $x))
        (local.set $x (local.get $y))
        (local.set $y (local.get $swap))))
    (local.get $x))

  ;; Copies `bytes` (a multiple of 16) from src to dst, multiplying by `factor` when it is not 1.
  (func $copyScaled (param $dst i32) (param $src i32) (param $bytes i32) (param $factor f64)
    (local $end i32) (local $f v128)
    (if (f64.eq (local.get $factor) (f64.const 1))
      (then (memory.copy (local.get $dst) (local.get $src) (local.get $bytes)) (return)))
    (local.set $f (f64x2.splat (local.get $factor)))
    (local.set $end (i32.add (local.get $src) (local.get $bytes)))
    (block $done
      (loop $copy
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (v128.store (local.get $dst) (f64x2.mul (v128.load (local.get $src)) (local.get $f)))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $copy))))

  ;; `count` contiguous transforms of n points one after the other at data (in place, times
  ;; factor); tmp is scratch of n complex numbers.
  (func (export "rows")
    (param $n i32) (param $count i32) (param $data i32) (param $tmp i32) (param $tw i32)
    (param $dir i32) (param $factor f64)
    (local $row i32) (local $end i32) (local $bytes i32) (local $result i32)
    (local.set $bytes (i32.shl (local.get $n) (i32.const 4)))
    (local.set $row (local.get $data))
    (local.set $end (i32.add (local.get $data) (i32.mul (local.get $bytes) (local.get $count))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $row) (local.get $end)))
        (local.set $result
          (call $stages (local.get $n) (i32.const 1) (local.get $row) (local.get $tmp)
            (local.get $tw) (local.get $dir)))
        (if (i32.ne (local.get $result) (local.get $row))
          (then (call $copyScaled (local.get $row) (local.get $tmp) (local.get $bytes)
            (local.get $factor)))
          (else (if (f64.ne (local.get $factor) (f64.const 1))
            (then (call $copyScaled (local.get $row) (local.get $row) (local.get $bytes)
              (local.get $factor))))))
        (local.set $row (i32.add (local.get $row) (local.get $bytes)))
        (br $each))))

  ;; `count` strided transforms in place (times factor): transform b has element j at complex
  ;; index b + j stride from data. Gathered `block` transforms at a time into blk (n block
  ;; complex numbers, element j of transform b at j block + b), transformed as one batch with
  ;; tmp as scratch (same size), scattered back.
  (func (export "lines")
    (param $n i32) (param $count i32) (param $stride i32) (param $data i32) (param $blk i32)
    (param $tmp i32) (param $tw i32) (param $dir i32) (param $factor f64) (param $block i32)
    (local $first i32) (local $lines i32) (local $lb i32) (local $j i32) (local $src i32)
    (local $dst i32) (local $result i32) (local $step i32)
    (local.set $step (i32.shl (local.get $stride) (i32.const 4)))
    (local.set $first (i32.const 0))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $first) (local.get $count)))
        (local.set $lines (i32.sub (local.get $count) (local.get $first)))
        (if (i32.gt_u (local.get $lines) (local.get $block))
          (then (local.set $lines (local.get $block))))
        (local.set $lb (i32.shl (local.get $lines) (i32.const 4)))
        (local.set $src (i32.add (local.get $data) (i32.shl (local.get $first) (i32.const 4))))
        (local.set $dst (local.get $blk))
        (local.set $j (i32.const 0))
        (loop $gather
          (memory.copy (local.get $dst) (local.get $src) (local.get $lb))
          (local.set $src (i32.add (local.get $src) (local.get $step)))
          (local.set $dst (i32.add (local.get $dst) (local.get $lb)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br_if $gather (i32.lt_u (local.get $j) (local.get $n))))
        (local.set $result
          (call $stages (local.get $n) (local.get $lines) (local.get $blk) (local.get $tmp)
            (local.get $tw) (local.get $dir)))
        (local.set $src (local.get $result))
        (local.set $dst (i32.add (local.get $data) (i32.shl (local.get $first) (i32.const 4))))
        (local.set $j (i32.const 0))
        (loop $scatter
          (call $copyScaled (local.get $dst) (local.get $src) (local.get $lb) (local.get $factor))
          (local.set $src (i32.add (local.get $src) (local.get $lb)))
          (local.set $dst (i32.add (local.get $dst) (local.get $step)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br_if $scatter (i32.lt_u (local.get $j) (local.get $n))))
        (local.set $first (i32.add (local.get $first) (local.get $block)))
        (br $each))))

  ;; The full spectrum X (n complex numbers at out) of n real samples from Z = FFT_{n/2} of the
  ;; samples read as n/2 complex numbers z_j = x_{2j} + i x_{2j+1} (at z): with m = n/2,
  ;; E_k = (Z_k + conj Z_{m-k}) / 2, O_k = -i (Z_k - conj Z_{m-k}) / 2 (indices mod m),
  ;; X_k = E_k + W^k O_k for k = 0 .. m (W = e^{-2 pi i / n}, table twr as above, k = 0 .. m),
  ;; X_{n-k} = conj X_k.
  (func (export "realSpectrum")
    (param $n i32) (param $z i32) (param $out i32) (param $twr i32)
    (local $m i32) (local $k i32) (local $zk v128) (local $zc v128) (local $e v128)
    (local $o v128) (local $x v128) (local $tp i32) (local $index i32)
    (local.set $m (i32.shr_u (local.get $n) (i32.const 1)))
    (local.set $k (i32.const 0))
    (loop $each
      (local.set $index (local.get $k))
      (if (i32.eq (local.get $index) (local.get $m)) (then (local.set $index (i32.const 0))))
      (local.set $zk (v128.load (i32.add (local.get $z) (i32.shl (local.get $index) (i32.const 4)))))
      (local.set $index (i32.sub (local.get $m) (local.get $k)))
      (if (i32.eq (local.get $index) (local.get $m)) (then (local.set $index (i32.const 0))))
      (local.set $zc (f64x2.mul
        (v128.load (i32.add (local.get $z) (i32.shl (local.get $index) (i32.const 4))))
        (v128.const f64x2 1 -1)))
      (local.set $e (f64x2.mul (f64x2.add (local.get $zk) (local.get $zc))
        (v128.const f64x2 0.5 0.5)))
      (local.set $o (f64x2.sub (local.get $zk) (local.get $zc)))
      (local.set $o (f64x2.mul
        (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $o) (local.get $o))
        (v128.const f64x2 0.5 -0.5)))
      (local.set $tp (i32.add (local.get $twr) (i32.shl (local.get $k) (i32.const 5))))
      (local.set $x (f64x2.add (local.get $e)
        (f64x2.add
          (f64x2.mul (local.get $o) (v128.load (local.get $tp)))
          (f64x2.mul
            (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $o) (local.get $o))
            (v128.load offset=16 (local.get $tp))))))
      (v128.store (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 4))) (local.get $x))
      (if (i32.and (i32.gt_u (local.get $k) (i32.const 0)) (i32.lt_u (local.get $k) (local.get $m)))
        (then
          (v128.store
            (i32.add (local.get $out)
              (i32.shl (i32.sub (local.get $n) (local.get $k)) (i32.const 4)))
            (f64x2.mul (local.get $x) (v128.const f64x2 1 -1)))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $each (i32.le_u (local.get $k) (local.get $m)))))
)
