;; Complex FFTs of power-of-two sizes with 128-bit SIMD (f64x2: one complex number per vector),
;; the kernel behind @semiclassical/grid's FftPlan when WebAssembly SIMD is available.
;; Source of src/fft-wasm-binary.ts (regenerate: pnpm build:wasm, i.e. tooling/wasm.js; a test
;; checks the committed binary against this file).
;;
;; Conventions (those of fft.ts): forward X_k = sum_j x_j e^{-2 pi i j k / n}; inverse with
;; e^{+2 pi i j k / n} and the factor 1/n applied through `factor` by the callers.
;; A complex number is 16 bytes (re, im). The complex twiddle table of size n (built by
;; fft-wasm-kernel.ts, fillStageTwiddles) has a 32-byte header (i32 bitmask of the radix-8
;; stages, i32 number of stages) and then, in the order the stages read it, for each stage
;; of sub-length L > 8 and radix r and each p < L/r, w_L^{k p} = c + i d for k = 1 .. r - 1
;; (w_L = e^{-2 pi i / L}, or its conjugate for the inverse), each as 32 bytes: (c, c) then
;; (-d, d), so that v w = v (c, c) + swap(v) (-d, d). The real twiddle table of realSpectrum
;; holds W^k, k = 0 .. n/2 (W = e^{-2 pi i / n}), in the same 32-byte layout.
;;
;; Algorithm: Stockham autosort, decimation in frequency; a stage of radix r with sub-length L
;; and stride s maps x to y by
;;   y[q + s (r p + k)] = w_L^{k p} sum_j x[q + s (p + j L/r)] w_r^{k j}   (forward),
;; p < L/r, q < s; the next stage has L/r and r s. The radices (8 or 4) of the stages with
;; L > 8 are the plan in the header of the twiddle table (stagePlan in fft-wasm-kernel.ts); the
;; last stage (L = 8, 4 or 2) has p = 0 and no twiddles. A radix-8 butterfly is a radix-2 step
;; over j and j + 4 (the odd half times w_8^j) and two 4-point DFTs. A batch of B interleaved
;; transforms (element j of transform b at j B + b) is the same recursion started with s = B.
(module
  (memory (export "memory") 1)

  ;; Constants of the loops below, read once per call into locals: V8 (TurboFan, Node 20)
  ;; rematerializes a v128.const at every use inside a loop (4-5 instructions each), a mutable
  ;; global's value stays in a register. Never written.
  (global $conjugate (mut v128) (v128.const f64x2 1 -1))
  (global $halves (mut v128) (v128.const f64x2 0.5 0.5))
  (global $halfMinusI (mut v128) (v128.const f64x2 0.5 -0.5))
  (global $timesI (mut v128) (v128.const f64x2 -1 1))
  (global $halfSqrt2 (mut v128) (v128.const f64x2 0.7071067811865476 0.7071067811865476))

  ;; The stages of one batch: n points, s0 interleaved transforms at x; y is scratch of the same
  ;; size. Returns the address holding the result (x or y). dir = 1 forward, 0 inverse (selects
  ;; the rotations by +-i and w_8; the twiddle table tw must match).
  (func $stages (export "stages")
    (param $n i32) (param $s0 i32) (param $x i32) (param $y i32) (param $tw i32) (param $dir i32)
    (result i32)
    (local $len i32) (local $s i32) (local $m i32) (local $p i32)
    (local $s16 i32) (local $sm i32) (local $sm3 i32) (local $sm4 i32) (local $s48 i32)
    (local $s64 i32) (local $xa i32) (local $ya i32) (local $yb i32) (local $xb i32)
    (local $qend i32) (local $tp i32) (local $swap i32) (local $stageIndex i32)
    (local $rot v128) (local $sig v128) (local $r2 v128)
    (local $a v128) (local $b v128) (local $c v128) (local $d v128)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local $v4 v128) (local $v5 v128) (local $v6 v128) (local $v7 v128)
    (local $apc v128) (local $amc v128) (local $bpd v128) (local $jbmd v128) (local $t v128)
    (local $w1c v128) (local $w1d v128) (local $w2c v128) (local $w2d v128)
    (local $w3c v128) (local $w3d v128)
    ;; forward: the 4-point DFT needs i (b - d); inverse: -i (b - d). i (x + i y) = (-y, x).
    (local.set $rot
      (if (result v128) (local.get $dir)
        (then (v128.const f64x2 -1 1))
        (else (v128.const f64x2 1 -1))))
    ;; swap(v) sig = v w_8^2 (-i v forward, i v inverse); r2 = (1/sqrt 2, 1/sqrt 2)
    (local.set $sig (f64x2.neg (local.get $rot)))
    (local.set $r2 (global.get $halfSqrt2))
    (local.set $len (local.get $n))
    (local.set $s (local.get $s0))
    (local.set $tp (i32.add (local.get $tw) (i32.const 32)))
    (local.set $stageIndex (i32.const 0))
    (block $stagesDone
      (loop $stage
        (br_if $stagesDone (i32.le_u (local.get $len) (i32.const 8)))
        (if (i32.and (i32.load (local.get $tw)) (i32.shl (i32.const 1) (local.get $stageIndex)))
          (then
        ;; Radix 8 (bit stageIndex of the plan in the table header)
        (local.set $m (i32.shr_u (local.get $len) (i32.const 3)))
        (local.set $s16 (i32.shl (local.get $s) (i32.const 4)))
        (local.set $sm (i32.mul (local.get $s16) (local.get $m)))
        (local.set $sm3 (i32.mul (local.get $sm) (i32.const 3)))
        (local.set $sm4 (i32.shl (local.get $sm) (i32.const 2)))
        (local.set $s48 (i32.mul (local.get $s16) (i32.const 3)))
        (local.set $s64 (i32.shl (local.get $s16) (i32.const 2)))
        (local.set $p (i32.const 0))
        (loop $ploop
          ;; tp: w_L^{k p}, k = 1 .. 7, 32 bytes each (the table walks p, then the stages)
          (local.set $xa (i32.add (local.get $x) (i32.mul (local.get $s16) (local.get $p))))
          (local.set $ya (i32.add (local.get $y)
            (i32.shl (i32.mul (local.get $s16) (local.get $p)) (i32.const 3))))
          (local.set $qend (i32.add (local.get $xa) (local.get $s16)))
          (loop $qloop
            ;; radix 2 over r, r + 4: v_r = a_r + a_(r+4), v_(r+4) = (a_r - a_(r+4)) w_8^r
            (local.set $xb (i32.add (local.get $xa) (local.get $sm4)))
            (local.set $a (v128.load (local.get $xa)))
            (local.set $b (v128.load (local.get $xb)))
            (local.set $v0 (f64x2.add (local.get $a) (local.get $b)))
            (local.set $v4 (f64x2.sub (local.get $a) (local.get $b)))
            (local.set $a (v128.load (i32.add (local.get $xa) (local.get $sm))))
            (local.set $b (v128.load (i32.add (local.get $xb) (local.get $sm))))
            (local.set $v1 (f64x2.add (local.get $a) (local.get $b)))
            (local.set $t (f64x2.sub (local.get $a) (local.get $b)))
            ;; t w_8 = (t + swap(t) sig) / sqrt 2
            (local.set $v5 (f64x2.mul (f64x2.add (local.get $t)
              (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t))
                (local.get $sig))) (local.get $r2)))
            (local.set $a (v128.load (i32.add (local.get $xa) (i32.shl (local.get $sm) (i32.const 1)))))
            (local.set $b (v128.load (i32.add (local.get $xb) (i32.shl (local.get $sm) (i32.const 1)))))
            (local.set $v2 (f64x2.add (local.get $a) (local.get $b)))
            (local.set $t (f64x2.sub (local.get $a) (local.get $b)))
            (local.set $v6 (f64x2.mul
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t))
              (local.get $sig)))
            (local.set $a (v128.load (i32.add (local.get $xa) (local.get $sm3))))
            (local.set $b (v128.load (i32.add (local.get $xb) (local.get $sm3))))
            (local.set $v3 (f64x2.add (local.get $a) (local.get $b)))
            (local.set $t (f64x2.sub (local.get $a) (local.get $b)))
            ;; t w_8^3 = (swap(t) sig - t) / sqrt 2
            (local.set $v7 (f64x2.mul (f64x2.sub
              (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t))
                (local.get $sig)) (local.get $t)) (local.get $r2)))
            ;; even k = 2k': the 4-point DFT of v0 .. v3 to y[k], k = 0, 2, 4, 6 (at ya, yb = ya + 4 s)
            (local.set $yb (i32.add (local.get $ya) (local.get $s64)))
            (local.set $apc (f64x2.add (local.get $v0) (local.get $v2)))
            (local.set $amc (f64x2.sub (local.get $v0) (local.get $v2)))
            (local.set $bpd (f64x2.add (local.get $v1) (local.get $v3)))
            (local.set $t (f64x2.sub (local.get $v1) (local.get $v3)))
            (local.set $jbmd (f64x2.mul
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t))
              (local.get $rot)))
            (v128.store (local.get $ya) (f64x2.add (local.get $apc) (local.get $bpd)))
            (local.set $t (f64x2.sub (local.get $amc) (local.get $jbmd)))
            (v128.store (i32.add (local.get $ya) (i32.shl (local.get $s16) (i32.const 1)))
              (f64x2.add (f64x2.mul (local.get $t) (v128.load offset=32 (local.get $tp)))
                (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t))
                  (v128.load offset=48 (local.get $tp)))))
            (local.set $t (f64x2.sub (local.get $apc) (local.get $bpd)))
            (v128.store (local.get $yb)
              (f64x2.add (f64x2.mul (local.get $t) (v128.load offset=96 (local.get $tp)))
                (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t))
                  (v128.load offset=112 (local.get $tp)))))
            (local.set $t (f64x2.add (local.get $amc) (local.get $jbmd)))
            (v128.store (i32.add (local.get $yb) (i32.shl (local.get $s16) (i32.const 1)))
              (f64x2.add (f64x2.mul (local.get $t) (v128.load offset=160 (local.get $tp)))
                (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t))
                  (v128.load offset=176 (local.get $tp)))))
            ;; odd k = 2k' + 1: the 4-point DFT of v4 .. v7 to y[k], k = 1, 3, 5, 7
            (local.set $apc (f64x2.add (local.get $v4) (local.get $v6)))
            (local.set $amc (f64x2.sub (local.get $v4) (local.get $v6)))
            (local.set $bpd (f64x2.add (local.get $v5) (local.get $v7)))
            (local.set $t (f64x2.sub (local.get $v5) (local.get $v7)))
            (local.set $jbmd (f64x2.mul
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t))
              (local.get $rot)))
            (local.set $t (f64x2.add (local.get $apc) (local.get $bpd)))
            (v128.store (i32.add (local.get $ya) (local.get $s16))
              (f64x2.add (f64x2.mul (local.get $t) (v128.load (local.get $tp)))
                (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t))
                  (v128.load offset=16 (local.get $tp)))))
            (local.set $t (f64x2.sub (local.get $amc) (local.get $jbmd)))
            (v128.store (i32.add (local.get $ya) (local.get $s48))
              (f64x2.add (f64x2.mul (local.get $t) (v128.load offset=64 (local.get $tp)))
                (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t))
                  (v128.load offset=80 (local.get $tp)))))
            (local.set $t (f64x2.sub (local.get $apc) (local.get $bpd)))
            (v128.store (i32.add (local.get $yb) (local.get $s16))
              (f64x2.add (f64x2.mul (local.get $t) (v128.load offset=128 (local.get $tp)))
                (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t))
                  (v128.load offset=144 (local.get $tp)))))
            (local.set $t (f64x2.add (local.get $amc) (local.get $jbmd)))
            (v128.store (i32.add (local.get $yb) (local.get $s48))
              (f64x2.add (f64x2.mul (local.get $t) (v128.load offset=192 (local.get $tp)))
                (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t))
                  (v128.load offset=208 (local.get $tp)))))
            (local.set $xa (i32.add (local.get $xa) (i32.const 16)))
            (local.set $ya (i32.add (local.get $ya) (i32.const 16)))
            (br_if $qloop (i32.lt_u (local.get $xa) (local.get $qend))))
          (local.set $tp (i32.add (local.get $tp) (i32.const 224)))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br_if $ploop (i32.lt_u (local.get $p) (local.get $m))))
        (local.set $s (i32.shl (local.get $s) (i32.const 3))))
          (else
        ;; Radix 4: y[q + s (4p + k)] = w_L^{k p} sum_r x[q + s (p + r L/4)] i^{-k r}
        ;; (forward), twiddles w_L^{k p}, k = 1 .. 3, at tp (96 bytes per p).
        (local.set $m (i32.shr_u (local.get $len) (i32.const 2)))
        (local.set $s16 (i32.shl (local.get $s) (i32.const 4)))
        (local.set $sm (i32.mul (local.get $s16) (local.get $m)))
        (local.set $sm3 (i32.mul (local.get $sm) (i32.const 3)))
        (local.set $s48 (i32.mul (local.get $s16) (i32.const 3)))
        (local.set $p (i32.const 0))
        (loop $p4
          (local.set $xa (i32.add (local.get $x) (i32.mul (local.get $s16) (local.get $p))))
          (local.set $ya (i32.add (local.get $y)
            (i32.shl (i32.mul (local.get $s16) (local.get $p)) (i32.const 2))))
          (local.set $qend (i32.add (local.get $xa) (local.get $s16)))
          (local.set $w1c (v128.load (local.get $tp)))
          (local.set $w1d (v128.load offset=16 (local.get $tp)))
          (local.set $w2c (v128.load offset=32 (local.get $tp)))
          (local.set $w2d (v128.load offset=48 (local.get $tp)))
          (local.set $w3c (v128.load offset=64 (local.get $tp)))
          (local.set $w3d (v128.load offset=80 (local.get $tp)))
          (loop $q4t
            (local.set $a (v128.load (local.get $xa)))
            (local.set $b (v128.load (i32.add (local.get $xa) (local.get $sm))))
            (local.set $c (v128.load (i32.add (local.get $xa) (i32.shl (local.get $sm) (i32.const 1)))))
            (local.set $d (v128.load (i32.add (local.get $xa) (local.get $sm3))))
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
              (f64x2.add (f64x2.mul (local.get $t) (local.get $w1c))
                (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t))
                  (local.get $w1d))))
            (local.set $t (f64x2.sub (local.get $apc) (local.get $bpd)))
            (v128.store (i32.add (local.get $ya) (i32.shl (local.get $s16) (i32.const 1)))
              (f64x2.add (f64x2.mul (local.get $t) (local.get $w2c))
                (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t))
                  (local.get $w2d))))
            (local.set $t (f64x2.add (local.get $amc) (local.get $jbmd)))
            (v128.store (i32.add (local.get $ya) (local.get $s48))
              (f64x2.add (f64x2.mul (local.get $t) (local.get $w3c))
                (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t))
                  (local.get $w3d))))
            (local.set $xa (i32.add (local.get $xa) (i32.const 16)))
            (local.set $ya (i32.add (local.get $ya) (i32.const 16)))
            (br_if $q4t (i32.lt_u (local.get $xa) (local.get $qend))))
          (local.set $tp (i32.add (local.get $tp) (i32.const 96)))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br_if $p4 (i32.lt_u (local.get $p) (local.get $m))))
        (local.set $s (i32.shl (local.get $s) (i32.const 2)))))
        (local.set $swap (local.get $x))
        (local.set $x (local.get $y))
        (local.set $y (local.get $swap))
        (local.set $len (local.get $m))
        (local.set $stageIndex (i32.add (local.get $stageIndex) (i32.const 1)))
        (br $stage)))
    (local.set $s16 (i32.shl (local.get $s) (i32.const 4)))
    (local.set $s48 (i32.mul (local.get $s16) (i32.const 3)))
    (local.set $s64 (i32.shl (local.get $s16) (i32.const 2)))
    ;; The last stage when it has L = 8: radix 8 with p = 0, no twiddles.
    (if (i32.eq (local.get $len) (i32.const 8))
      (then
        (local.set $xa (local.get $x))
        (local.set $ya (local.get $y))
        (local.set $qend (i32.add (local.get $x) (local.get $s16)))
        (loop $q8last
          (local.set $xb (i32.add (local.get $xa) (local.get $s64)))
          (local.set $a (v128.load (local.get $xa)))
          (local.set $b (v128.load (local.get $xb)))
          (local.set $v0 (f64x2.add (local.get $a) (local.get $b)))
          (local.set $v4 (f64x2.sub (local.get $a) (local.get $b)))
          (local.set $a (v128.load (i32.add (local.get $xa) (local.get $s16))))
          (local.set $b (v128.load (i32.add (local.get $xb) (local.get $s16))))
          (local.set $v1 (f64x2.add (local.get $a) (local.get $b)))
          (local.set $t (f64x2.sub (local.get $a) (local.get $b)))
          (local.set $v5 (f64x2.mul (f64x2.add (local.get $t)
            (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t))
              (local.get $sig))) (local.get $r2)))
          (local.set $a (v128.load (i32.add (local.get $xa) (i32.shl (local.get $s16) (i32.const 1)))))
          (local.set $b (v128.load (i32.add (local.get $xb) (i32.shl (local.get $s16) (i32.const 1)))))
          (local.set $v2 (f64x2.add (local.get $a) (local.get $b)))
          (local.set $t (f64x2.sub (local.get $a) (local.get $b)))
          (local.set $v6 (f64x2.mul
            (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t))
            (local.get $sig)))
          (local.set $a (v128.load (i32.add (local.get $xa) (local.get $s48))))
          (local.set $b (v128.load (i32.add (local.get $xb) (local.get $s48))))
          (local.set $v3 (f64x2.add (local.get $a) (local.get $b)))
          (local.set $t (f64x2.sub (local.get $a) (local.get $b)))
          (local.set $v7 (f64x2.mul (f64x2.sub
            (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t))
              (local.get $sig)) (local.get $t)) (local.get $r2)))
          (local.set $yb (i32.add (local.get $ya) (local.get $s64)))
          (local.set $apc (f64x2.add (local.get $v0) (local.get $v2)))
          (local.set $amc (f64x2.sub (local.get $v0) (local.get $v2)))
          (local.set $bpd (f64x2.add (local.get $v1) (local.get $v3)))
          (local.set $t (f64x2.sub (local.get $v1) (local.get $v3)))
          (local.set $jbmd (f64x2.mul
            (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t))
            (local.get $rot)))
          (v128.store (local.get $ya) (f64x2.add (local.get $apc) (local.get $bpd)))
          (v128.store (i32.add (local.get $ya) (i32.shl (local.get $s16) (i32.const 1)))
            (f64x2.sub (local.get $amc) (local.get $jbmd)))
          (v128.store (local.get $yb) (f64x2.sub (local.get $apc) (local.get $bpd)))
          (v128.store (i32.add (local.get $yb) (i32.shl (local.get $s16) (i32.const 1)))
            (f64x2.add (local.get $amc) (local.get $jbmd)))
          (local.set $apc (f64x2.add (local.get $v4) (local.get $v6)))
          (local.set $amc (f64x2.sub (local.get $v4) (local.get $v6)))
          (local.set $bpd (f64x2.add (local.get $v5) (local.get $v7)))
          (local.set $t (f64x2.sub (local.get $v5) (local.get $v7)))
          (local.set $jbmd (f64x2.mul
            (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t))
            (local.get $rot)))
          (v128.store (i32.add (local.get $ya) (local.get $s16)) (f64x2.add (local.get $apc) (local.get $bpd)))
          (v128.store (i32.add (local.get $ya) (local.get $s48)) (f64x2.sub (local.get $amc) (local.get $jbmd)))
          (v128.store (i32.add (local.get $yb) (local.get $s16)) (f64x2.sub (local.get $apc) (local.get $bpd)))
          (v128.store (i32.add (local.get $yb) (local.get $s48)) (f64x2.add (local.get $amc) (local.get $jbmd)))
          (local.set $xa (i32.add (local.get $xa) (i32.const 16)))
          (local.set $ya (i32.add (local.get $ya) (i32.const 16)))
          (br_if $q8last (i32.lt_u (local.get $xa) (local.get $qend))))
        (local.set $swap (local.get $x))
        (local.set $x (local.get $y))
        (local.set $y (local.get $swap))))
    ;; The last stage when it has L = 4: p = 0, no twiddles.
    (if (i32.eq (local.get $len) (i32.const 4))
      (then
        (local.set $xa (local.get $x))
        (local.set $ya (local.get $y))
        (local.set $qend (i32.add (local.get $x) (local.get $s16)))
        (loop $q4
          (local.set $a (v128.load (local.get $xa)))
          (local.set $b (v128.load (i32.add (local.get $xa) (local.get $s16))))
          (local.set $c (v128.load (i32.add (local.get $xa) (i32.shl (local.get $s16) (i32.const 1)))))
          (local.set $d (v128.load (i32.add (local.get $xa) (local.get $s48))))
          (local.set $apc (f64x2.add (local.get $a) (local.get $c)))
          (local.set $amc (f64x2.sub (local.get $a) (local.get $c)))
          (local.set $bpd (f64x2.add (local.get $b) (local.get $d)))
          (local.set $t (f64x2.sub (local.get $b) (local.get $d)))
          (local.set $jbmd (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t)) (local.get $rot)))
          (v128.store (local.get $ya) (f64x2.add (local.get $apc) (local.get $bpd)))
          (v128.store (i32.add (local.get $ya) (local.get $s16))
            (f64x2.sub (local.get $amc) (local.get $jbmd)))
          (v128.store (i32.add (local.get $ya) (i32.shl (local.get $s16) (i32.const 1)))
            (f64x2.sub (local.get $apc) (local.get $bpd)))
          (v128.store (i32.add (local.get $ya) (local.get $s48))
            (f64x2.add (local.get $amc) (local.get $jbmd)))
          (local.set $xa (i32.add (local.get $xa) (i32.const 16)))
          (local.set $ya (i32.add (local.get $ya) (i32.const 16)))
          (br_if $q4 (i32.lt_u (local.get $xa) (local.get $qend))))
        (local.set $swap (local.get $x))
        (local.set $x (local.get $y))
        (local.set $y (local.get $swap))))
    ;; The last stage when it has L = 2 (n = 2): p = 0, no twiddle.
    (if (i32.eq (local.get $len) (i32.const 2))
      (then
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
    (local $dst i32) (local $result i32) (local $step i32) (local $k i32) (local $f v128)
    (local.set $step (i32.shl (local.get $stride) (i32.const 4)))
    (local.set $f (f64x2.splat (local.get $factor)))
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
        ;; rows of `lines` complex numbers copied by an inline loop (memory.copy is a call into
        ;; the runtime: measured 20% of strided transforms at n = 4096 with 256-byte rows)
        (loop $gather
          (local.set $k (i32.const 0))
          (loop $row
            (v128.store (i32.add (local.get $dst) (local.get $k))
              (v128.load (i32.add (local.get $src) (local.get $k))))
            (local.set $k (i32.add (local.get $k) (i32.const 16)))
            (br_if $row (i32.lt_u (local.get $k) (local.get $lb))))
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
          (local.set $k (i32.const 0))
          (loop $row
            (v128.store (i32.add (local.get $dst) (local.get $k))
              (f64x2.mul (v128.load (i32.add (local.get $src) (local.get $k))) (local.get $f)))
            (local.set $k (i32.add (local.get $k) (i32.const 16)))
            (br_if $row (i32.lt_u (local.get $k) (local.get $lb))))
          (local.set $src (i32.add (local.get $src) (local.get $lb)))
          (local.set $dst (i32.add (local.get $dst) (local.get $step)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br_if $scatter (i32.lt_u (local.get $j) (local.get $n))))
        (local.set $first (i32.add (local.get $first) (local.get $block)))
        (br $each))))
  ;; Real transforms: n real samples x_j (n >= 2 a power of two, m = n/2) read as m complex numbers
  ;; z_j = x_{2j} + i x_{2j+1}; Z = FFT_m(z); with W = e^{-2 pi i / n} and indices mod m,
  ;;   E_k = (Z_k + conj Z_{m-k}) / 2,  O_k = -i (Z_k - conj Z_{m-k}) / 2,
  ;;   X_k = E_k + W^k O_k,  X_{m-k} = conj(E_k - W^k O_k)   (k = 0 .. m/2),
  ;; which gives the half spectrum X_0 .. X_m; X_{n-k} = conj X_k gives the rest. The real
  ;; twiddle table twr holds W^k, k = 0 .. m, in the layout above (only k <= m/2 is read).

  ;; (Node 20's V8 does not inline WebAssembly calls: the complex helpers i v = swap(v) (-1, 1),
  ;; conj v = v (1, -1) and v w = v (c, c) + swap(v) (-d, d) are written out in place.)

  ;; The spectrum of n real samples from Z (m complex numbers at z) into out: the half spectrum
  ;; X_0 .. X_m (m + 1 complex numbers) when full = 0, all n when full = 1. k = 0 gives the real
  ;; X_0 = Re Z_0 + Im Z_0 and X_m = Re Z_0 - Im Z_0; pointers walk k up and m - k down.
  (func $realSpectrum (export "realSpectrum")
    (param $n i32) (param $z i32) (param $out i32) (param $twr i32) (param $full i32)
    (local $m i32) (local $pk i32) (local $pc i32) (local $ok i32) (local $om i32) (local $tp i32)
    (local $end i32) (local $re f64) (local $im f64)
    (local $zk v128) (local $zc v128) (local $e v128) (local $t v128) (local $x v128)
    (local $conj v128) (local $half v128) (local $halfNegI v128)
    (local.set $conj (global.get $conjugate))
    (local.set $half (global.get $halves))
    (local.set $halfNegI (global.get $halfMinusI))
    (local.set $m (i32.shr_u (local.get $n) (i32.const 1)))
    (local.set $re (f64.load (local.get $z)))
    (local.set $im (f64.load offset=8 (local.get $z)))
    (f64.store (local.get $out) (f64.add (local.get $re) (local.get $im)))
    (f64.store offset=8 (local.get $out) (f64.const 0))
    (local.set $om (i32.add (local.get $out) (i32.shl (local.get $m) (i32.const 4))))
    (f64.store (local.get $om) (f64.sub (local.get $re) (local.get $im)))
    (f64.store offset=8 (local.get $om) (f64.const 0))
    ;; k = 1 .. m/2
    (local.set $pk (i32.add (local.get $z) (i32.const 16)))
    (local.set $pc (i32.add (local.get $z) (i32.shl (i32.sub (local.get $m) (i32.const 1)) (i32.const 4))))
    (local.set $ok (i32.add (local.get $out) (i32.const 16)))
    (local.set $om (i32.sub (local.get $om) (i32.const 16)))
    (local.set $tp (i32.add (local.get $twr) (i32.const 32)))
    (local.set $end (i32.add (local.get $z) (i32.shl (i32.shr_u (local.get $m) (i32.const 1)) (i32.const 4))))
    (block $done
      (loop $each
        (br_if $done (i32.gt_u (local.get $pk) (local.get $end)))
        (local.set $zk (v128.load (local.get $pk)))
        (local.set $zc (f64x2.mul (v128.load (local.get $pc)) (local.get $conj)))
        (local.set $e (f64x2.mul (f64x2.add (local.get $zk) (local.get $zc)) (local.get $half)))
        ;; O_k = -i (zk - zc) / 2 = swap(zk - zc) (1/2, -1/2); T = W^k O_k
        (local.set $t (f64x2.sub (local.get $zk) (local.get $zc)))
        (local.set $t (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t))
          (local.get $halfNegI)))
        (local.set $t (f64x2.add (f64x2.mul (local.get $t) (v128.load (local.get $tp)))
          (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t)) (v128.load offset=16 (local.get $tp)))))
        (v128.store (local.get $ok) (f64x2.add (local.get $e) (local.get $t)))
        (v128.store (local.get $om)
          (f64x2.mul (f64x2.sub (local.get $e) (local.get $t)) (local.get $conj)))
        (local.set $pk (i32.add (local.get $pk) (i32.const 16)))
        (local.set $pc (i32.sub (local.get $pc) (i32.const 16)))
        (local.set $ok (i32.add (local.get $ok) (i32.const 16)))
        (local.set $om (i32.sub (local.get $om) (i32.const 16)))
        (local.set $tp (i32.add (local.get $tp) (i32.const 32)))
        (br $each)))
    ;; full: X_(n-k) = conj X_k, k = 1 .. m - 1
    (if (local.get $full)
      (then
        (local.set $ok (i32.add (local.get $out) (i32.const 16)))
        (local.set $om (i32.add (local.get $out) (i32.shl (i32.sub (local.get $n) (i32.const 1)) (i32.const 4))))
        (local.set $end (i32.add (local.get $out) (i32.shl (local.get $m) (i32.const 4))))
        (block $mirrored
          (loop $mirror
            (br_if $mirrored (i32.ge_u (local.get $ok) (local.get $end)))
            (v128.store (local.get $om)
              (f64x2.mul (v128.load (local.get $ok)) (v128.const f64x2 1 -1)))
            (local.set $ok (i32.add (local.get $ok) (i32.const 16)))
            (local.set $om (i32.sub (local.get $om) (i32.const 16)))
            (br $mirror))))))

  ;; `count` real forward transforms of n points: row r of n reals at src + 8 n r (overwritten,
  ;; it is the FFT's work space) to its half spectrum (m + 1 complex numbers) at dst + 16 (m + 1) r;
  ;; tmp is scratch of m complex numbers, tw the forward table of size m.
  (func (export "realRows")
    (param $n i32) (param $count i32) (param $src i32) (param $dst i32) (param $tmp i32)
    (param $tw i32) (param $twr i32)
    (local $r i32) (local $m i32)
    (local.set $m (i32.shr_u (local.get $n) (i32.const 1)))
    (local.set $r (i32.const 0))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $r) (local.get $count)))
        (call $realSpectrum (local.get $n)
          (call $stages (local.get $m) (i32.const 1)
            (i32.add (local.get $src) (i32.mul (local.get $r) (i32.shl (local.get $n) (i32.const 3))))
            (local.get $tmp) (local.get $tw) (i32.const 1))
          (i32.add (local.get $dst)
            (i32.mul (local.get $r) (i32.shl (i32.add (local.get $m) (i32.const 1)) (i32.const 4))))
          (local.get $twr) (i32.const 0))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $each))))

  ;; The inverse: from a half spectrum X_0 .. X_m at x (Im X_0 and Im X_m ignored, as the
  ;; Hermitian extension requires) the m complex numbers 2 scale Z_k at z, Z_k = E_k + i O_k,
  ;; E_k = (X_k + conj X_{m-k}) / 2, O_k = conj(W^k) (X_k - conj X_{m-k}) / 2, so that
  ;; (1/m) sum_k Z_k e^{+2 pi i j k / m} = x_{2j} + i x_{2j+1}: with scale = 1/n the stored values
  ;; are Z_k / m and the unnormalized inverse FFT_m of them is the samples. Z_{m-k} = conj(E_k - i O_k).
  (func $halfSpectrumToPacked
    (param $n i32) (param $x i32) (param $z i32) (param $twr i32) (param $scale f64)
    (local $m i32) (local $half i32) (local $tp i32) (local $xa i32) (local $xb i32) (local $za i32)
    (local $zb i32) (local $end i32) (local $a v128) (local $b v128)
    (local $e v128) (local $o v128) (local $s v128) (local $conj v128) (local $i v128)
    (local.set $conj (global.get $conjugate))
    (local.set $i (global.get $timesI))
    (local.set $m (i32.shr_u (local.get $n) (i32.const 1)))
    (local.set $half (i32.shr_u (local.get $m) (i32.const 1)))
    (local.set $s (f64x2.splat (local.get $scale)))
    ;; k = 0 from the real parts of X_0 and X_m: Z_0 = E_0 + i O_0.
    (local.set $a (f64x2.splat (f64.load (local.get $x))))
    (local.set $b (f64x2.splat (f64.load (i32.add (local.get $x) (i32.shl (local.get $m) (i32.const 4))))))
    (v128.store (local.get $z) (f64x2.mul
      (f64x2.add (f64x2.mul (local.get $a) (v128.const f64x2 1 1))
        (f64x2.mul (local.get $b) (v128.const f64x2 1 -1)))
      (local.get $s)))
    ;; k = 1 .. m/2: pointers xa (X_k), xb (X_(m-k)), za (Z_k), zb (Z_(m-k)), tp (W^k)
    (local.set $xa (i32.add (local.get $x) (i32.const 16)))
    (local.set $xb (i32.add (local.get $x) (i32.shl (i32.sub (local.get $m) (i32.const 1)) (i32.const 4))))
    (local.set $za (i32.add (local.get $z) (i32.const 16)))
    (local.set $zb (i32.add (local.get $z) (i32.shl (i32.sub (local.get $m) (i32.const 1)) (i32.const 4))))
    (local.set $tp (i32.add (local.get $twr) (i32.const 32)))
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $half) (i32.const 4))))
    (block $done
      (loop $each
        (br_if $done (i32.gt_u (local.get $xa) (local.get $end)))
        (local.set $a (v128.load (local.get $xa)))
        (local.set $b (f64x2.mul (v128.load (local.get $xb)) (local.get $conj)))
        (local.set $e (f64x2.mul (f64x2.add (local.get $a) (local.get $b)) (local.get $s)))
        ;; o = i conj(W^k) (a - b) s
        (local.set $o (f64x2.mul (f64x2.sub (local.get $a) (local.get $b)) (local.get $s)))
        (local.set $o (f64x2.sub (f64x2.mul (local.get $o) (v128.load (local.get $tp)))
          (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $o) (local.get $o)) (v128.load offset=16 (local.get $tp)))))
        (local.set $o (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $o) (local.get $o))
          (local.get $i)))
        (v128.store (local.get $za) (f64x2.add (local.get $e) (local.get $o)))
        (v128.store (local.get $zb)
          (f64x2.mul (f64x2.sub (local.get $e) (local.get $o)) (local.get $conj)))
        (local.set $xa (i32.add (local.get $xa) (i32.const 16)))
        (local.set $xb (i32.sub (local.get $xb) (i32.const 16)))
        (local.set $za (i32.add (local.get $za) (i32.const 16)))
        (local.set $zb (i32.sub (local.get $zb) (i32.const 16)))
        (local.set $tp (i32.add (local.get $tp) (i32.const 32)))
        (br $each))))

  ;; `count` real inverse transforms of n points (times n scale; scale = 1/n for the convention
  ;; of fft.ts): the half spectrum of row r at src + 16 (m + 1) r to n reals at dst + 8 n r; tmp is
  ;; scratch of m complex numbers, tw the inverse table of size m.
  (func (export "realInverseRows")
    (param $n i32) (param $count i32) (param $src i32) (param $dst i32) (param $tmp i32)
    (param $tw i32) (param $twr i32) (param $scale f64)
    (local $r i32) (local $m i32) (local $row i32) (local $odd i32) (local $in i32)
    (local $out i32)
    (local.set $m (i32.shr_u (local.get $n) (i32.const 1)))
    ;; When the stages swap buffers an odd number of times the packed line starts in tmp, so
    ;; that the result lands in the row without a copy.
    (local.set $odd (i32.and (i32.load offset=4 (local.get $tw)) (i32.const 1)))
    (local.set $r (i32.const 0))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $r) (local.get $count)))
        (local.set $row
          (i32.add (local.get $dst) (i32.mul (local.get $r) (i32.shl (local.get $n) (i32.const 3)))))
        (local.set $in (select (local.get $tmp) (local.get $row) (local.get $odd)))
        (local.set $out (select (local.get $row) (local.get $tmp) (local.get $odd)))
        (call $halfSpectrumToPacked (local.get $n)
          (i32.add (local.get $src)
            (i32.mul (local.get $r) (i32.shl (i32.add (local.get $m) (i32.const 1)) (i32.const 4))))
          (local.get $in) (local.get $twr) (local.get $scale))
        (if (i32.ne (local.get $row)
              (call $stages (local.get $m) (i32.const 1) (local.get $in) (local.get $out)
                (local.get $tw) (i32.const 0)))
          (then (memory.copy (local.get $row) (local.get $tmp) (i32.shl (local.get $n) (i32.const 3)))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $each))))

  ;; Strided real lines two at a time: a real array of n rows of 2 pairs reals, read as n rows of
  ;; `pairs` complex numbers (column c = real column 2c + i real column 2c + 1) and transformed
  ;; along the rows (Z at z, n rows of `pairs` complex numbers) gives the half spectra of both
  ;; columns: X^(2c)_k = (Z_k + conj Z_{n-k}) / 2, X^(2c+1)_k = -i (Z_k - conj Z_{n-k}) / 2,
  ;; k = 0 .. n/2, written to out as n/2 + 1 rows of 2 pairs complex numbers.
  (func (export "separatePairs") (param $n i32) (param $pairs i32) (param $z i32) (param $out i32)
    (local $k i32) (local $rk i32) (local $rm i32) (local $o i32) (local $end i32)
    (local $row i32) (local $a v128) (local $b v128)
    (local.set $row (i32.shl (local.get $pairs) (i32.const 4)))
    (local.set $k (i32.const 0))
    (loop $each
      (local.set $rk (i32.add (local.get $z) (i32.mul (local.get $k) (local.get $row))))
      (local.set $rm (i32.add (local.get $z) (i32.mul (local.get $row)
        (select (i32.const 0) (i32.sub (local.get $n) (local.get $k)) (i32.eqz (local.get $k))))))
      (local.set $o (i32.add (local.get $out)
        (i32.shl (i32.mul (local.get $k) (local.get $row)) (i32.const 1))))
      (local.set $end (i32.add (local.get $rk) (local.get $row)))
      (loop $column
        (local.set $a (v128.load (local.get $rk)))
        (local.set $b (f64x2.mul (v128.load (local.get $rm)) (v128.const f64x2 1 -1)))
        (v128.store (local.get $o)
          (f64x2.mul (f64x2.add (local.get $a) (local.get $b)) (v128.const f64x2 0.5 0.5)))
        (local.set $b (f64x2.sub (local.get $a) (local.get $b)))
        (v128.store offset=16 (local.get $o)
          (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $b) (local.get $b))
            (v128.const f64x2 0.5 -0.5)))
        (local.set $rk (i32.add (local.get $rk) (i32.const 16)))
        (local.set $rm (i32.add (local.get $rm) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 32)))
        (br_if $column (i32.lt_u (local.get $rk) (local.get $end))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $each (i32.le_u (local.get $k) (i32.shr_u (local.get $n) (i32.const 1))))))

  ;; The inverse of separatePairs before the transform: half spectra of 2 pairs columns (n/2 + 1
  ;; rows of 2 pairs complex numbers at half; imaginary parts of rows 0 and n/2 ignored) to the n
  ;; rows of Z_k = X^(2c)_k + i X^(2c+1)_k (Z_{n-k} = conj X^(2c)_k + i conj X^(2c+1)_k) at z.
  (func (export "combinePairs") (param $n i32) (param $pairs i32) (param $half i32) (param $z i32)
    (local $k i32) (local $rk i32) (local $rm i32) (local $h i32) (local $end i32)
    (local $row i32) (local $a v128) (local $b v128) (local $mask v128) (local $edge i32)
    (local.set $row (i32.shl (local.get $pairs) (i32.const 4)))
    (local.set $k (i32.const 0))
    (loop $each
      (local.set $edge (i32.or (i32.eqz (local.get $k))
        (i32.eq (local.get $k) (i32.shr_u (local.get $n) (i32.const 1)))))
      (local.set $mask (select (v128.const f64x2 1 0) (v128.const f64x2 1 1) (local.get $edge)))
      (local.set $rk (i32.add (local.get $z) (i32.mul (local.get $k) (local.get $row))))
      (local.set $rm (i32.add (local.get $z)
        (i32.mul (local.get $row) (i32.sub (local.get $n) (local.get $k)))))
      (local.set $h (i32.add (local.get $half)
        (i32.shl (i32.mul (local.get $k) (local.get $row)) (i32.const 1))))
      (local.set $end (i32.add (local.get $rk) (local.get $row)))
      (loop $column
        (local.set $a (f64x2.mul (v128.load (local.get $h)) (local.get $mask)))
        (local.set $b (f64x2.mul (v128.load offset=16 (local.get $h)) (local.get $mask)))
        (v128.store (local.get $rk) (f64x2.add (local.get $a)
          (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $b) (local.get $b)) (v128.const f64x2 -1 1))))
        (if (i32.eqz (local.get $edge))
          (then (v128.store (local.get $rm)
            (f64x2.add (f64x2.mul (local.get $a) (v128.const f64x2 1 -1))
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $b) (local.get $b))))))
        (local.set $rk (i32.add (local.get $rk) (i32.const 16)))
        (local.set $rm (i32.add (local.get $rm) (i32.const 16)))
        (local.set $h (i32.add (local.get $h) (i32.const 32)))
        (br_if $column (i32.lt_u (local.get $rk) (local.get $end))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $each (i32.le_u (local.get $k) (i32.shr_u (local.get $n) (i32.const 1))))))

  ;; Phase ramps on half spectra (the spectral shift of real lines): for lines t < count,
  ;; X^t_k at x + t lineStep + k modeStep (bytes) is multiplied by e^{-i k theta_t} for
  ;; k = 1 .. half - 1 and X^t_half by cos(half theta_t); X^t_0 is kept. The phases come from the
  ;; recurrence p_(k+1) = p_k e^{-i theta}, restarted every 32 modes from the table of line t at
  ;; tab + t tsize: e^{-i theta} as (c, c), (-d, d) (32 bytes), (cos(half theta), same) (16
  ;; bytes), then e^{-i 32 j theta} as (cos, -sin) for j = 1, 2, .. (16 bytes each).
  (func (export "phaseRamp")
    (param $half i32) (param $count i32) (param $x i32) (param $lineStep i32)
    (param $modeStep i32) (param $tab i32) (param $tsize i32)
    (local $t i32) (local $k i32) (local $tp i32) (local $line i32) (local $xa i32)
    (local $stepC v128) (local $stepD v128) (local $p v128) (local $v v128)
    (local.set $t (i32.const 0))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $t) (local.get $count)))
        (local.set $tp (i32.add (local.get $tab) (i32.mul (local.get $t) (local.get $tsize))))
        (local.set $line (i32.add (local.get $x) (i32.mul (local.get $t) (local.get $lineStep))))
        (local.set $stepC (v128.load (local.get $tp)))
        (local.set $stepD (v128.load offset=16 (local.get $tp)))
        ;; p_1 = (c, d) from lane 0 of (c, c) and lane 1 of (-d, d)
        (local.set $p (i8x16.shuffle 0 1 2 3 4 5 6 7 24 25 26 27 28 29 30 31
          (local.get $stepC) (local.get $stepD)))
        (local.set $k (i32.const 1))
        (local.set $xa (i32.add (local.get $line) (local.get $modeStep)))
        (block $modesDone
          (loop $modes
            (br_if $modesDone (i32.ge_u (local.get $k) (local.get $half)))
            (if (i32.eqz (i32.and (local.get $k) (i32.const 31)))
              (then (local.set $p (v128.load offset=32 (i32.add (local.get $tp)
                (i32.shl (i32.shr_u (local.get $k) (i32.const 5)) (i32.const 4)))))))
            (local.set $v (v128.load (local.get $xa)))
            (v128.store (local.get $xa) (f64x2.add
              (f64x2.mul (local.get $v)
                (i8x16.shuffle 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 (local.get $p) (local.get $p)))
              (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))
                (f64x2.mul
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $p) (local.get $p))
                  (v128.const f64x2 -1 1)))))
            (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $stepC))
              (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $p) (local.get $p)) (local.get $stepD))))
            (local.set $xa (i32.add (local.get $xa) (local.get $modeStep)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $modes)))
        (local.set $xa (i32.add (local.get $line) (i32.mul (local.get $half) (local.get $modeStep))))
        (v128.store (local.get $xa)
          (f64x2.mul (v128.load (local.get $xa)) (v128.load offset=32 (local.get $tp))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $each))))

  ;; Rows times a real spectrum, in place: for rows r < count of n complex numbers at
  ;; data + 16 n r, entry k times s_k (the n doubles at s): both parts by one f64x2 product.
  (func (export "multiplyRows") (param $n i32) (param $count i32) (param $data i32) (param $s i32)
    (local $p i32) (local $q i32) (local $end i32) (local $rowEnd i32)
    (local.set $p (local.get $data))
    (local.set $end (i32.add (local.get $data)
      (i32.mul (i32.shl (local.get $n) (i32.const 4)) (local.get $count))))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $q (local.get $s))
        (local.set $rowEnd (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 4))))
        (block $rowDone
          (loop $entries
            (br_if $rowDone (i32.ge_u (local.get $p) (local.get $rowEnd)))
            (v128.store (local.get $p)
              (f64x2.mul (v128.load (local.get $p)) (f64x2.splat (f64.load (local.get $q)))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (local.set $q (i32.add (local.get $q) (i32.const 8)))
            (br $entries)))
        (br $rows))))
)
