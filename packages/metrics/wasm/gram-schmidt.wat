;; The inner products and the Gram-Schmidt loop of the certified trace norm's Krylov basis
;; (src/krylov-basis.ts) with 128-bit SIMD (f64x2: one complex number per vector). Source of
;; src/gram-schmidt-binary.ts (regenerate: pnpm build:wasm, i.e. tooling/wasm.js; a test checks
;; the committed binary against this file).
;;
;; Vectors are n complex numbers (16 bytes each, (re, im)), vector r of the basis at
;; basis + 16 n r (byte addresses). Every sum runs over i in order with the rounding of the
;; JavaScript loops it replaces (no fused multiply-add in WebAssembly SIMD):
;;   <a, b> = sum_i (a_r b_r + a_i b_i, a_r b_i - a_i b_r),   v - c b = v - (c_r b_r - c_i b_i, c_r b_i + c_i b_r),
;; so the results equal theirs bit for bit.
(module
  (memory (export "memory") 1)

  ;; (1, -1) and (-1, 1), read once per call into locals (V8 rematerializes a v128.const at
  ;; every use inside a loop). Never written.
  (global $plusMinus (mut v128) (v128.const f64x2 1 -1))
  (global $minusPlus (mut v128) (v128.const f64x2 -1 1))

  ;; <a, b> of two vectors of n complex numbers: returned as (re, im) in one v128.
  (func $inner (param $a i32) (param $b i32) (param $n i32) (result v128)
    (local $end i32) (local $s v128) (local $x v128) (local $y v128) (local $p v128) (local $q v128)
    (local $pm v128)
    (local.set $pm (global.get $plusMinus))
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 4))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $x (v128.load (local.get $a)))
        (local.set $y (v128.load (local.get $b)))
        ;; p = (a_r b_r, a_i b_i), q = (a_r b_i, a_i b_r)
        (local.set $p (f64x2.mul (local.get $x) (local.get $y)))
        (local.set $q
          (f64x2.mul (local.get $x)
            (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $y) (local.get $y))))
        ;; (p0, q0) + (p1, -q1)
        (local.set $s
          (f64x2.add (local.get $s)
            (f64x2.add
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $p) (local.get $q))
              (f64x2.mul (local.get $pm)
                (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31
                  (local.get $p) (local.get $q))))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (br $next)))
    (local.get $s))

  ;; out_r = <basis_r, v> for r < count (out: count complex numbers).
  (func (export "inners")
    (param $basis i32) (param $count i32) (param $v i32) (param $n i32) (param $out i32)
    (local $r i32) (local $stride i32)
    (local.set $stride (i32.shl (local.get $n) (i32.const 4)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $r) (local.get $count)))
        (v128.store (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 4)))
          (call $inner
            (i32.add (local.get $basis) (i32.mul (local.get $r) (local.get $stride)))
            (local.get $v) (local.get $n)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next))))

  ;; Twice: for r < count in order, c = <basis_r, v>, v -= c basis_r (Gram-Schmidt against the
  ;; basis, each projection from the updated v).
  (func (export "orthogonalize")
    (param $basis i32) (param $count i32) (param $v i32) (param $n i32)
    (local $pass i32) (local $r i32) (local $stride i32) (local $b i32) (local $w i32)
    (local $end i32) (local $c v128) (local $cr v128) (local $ci v128) (local $x v128)
    (local $mp v128)
    (local.set $mp (global.get $minusPlus))
    (local.set $stride (i32.shl (local.get $n) (i32.const 4)))
    (block $passes
      (loop $passLoop
        (br_if $passes (i32.ge_u (local.get $pass) (i32.const 2)))
        (local.set $r (i32.const 0))
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $r) (local.get $count)))
            (local.set $b (i32.add (local.get $basis) (i32.mul (local.get $r) (local.get $stride))))
            (local.set $c (call $inner (local.get $b) (local.get $v) (local.get $n)))
            (local.set $cr (f64x2.splat (f64x2.extract_lane 0 (local.get $c))))
            (local.set $ci
              (f64x2.mul (f64x2.splat (f64x2.extract_lane 1 (local.get $c))) (local.get $mp)))
            (local.set $w (local.get $v))
            (local.set $end (i32.add (local.get $b) (local.get $stride)))
            (block $axpyDone
              (loop $axpy
                (br_if $axpyDone (i32.ge_u (local.get $b) (local.get $end)))
                (local.set $x (v128.load (local.get $b)))
                (v128.store (local.get $w)
                  (f64x2.sub (v128.load (local.get $w))
                    (f64x2.add (f64x2.mul (local.get $cr) (local.get $x))
                      (f64x2.mul (local.get $ci)
                        (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
                          (local.get $x) (local.get $x))))))
                (local.set $b (i32.add (local.get $b) (i32.const 16)))
                (local.set $w (i32.add (local.get $w) (i32.const 16)))
                (br $axpy)))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $next)))
        (local.set $pass (i32.add (local.get $pass) (i32.const 1)))
        (br $passLoop)))))
