;; The row loop of the banded Weyl operator (src/weyl-band.ts) with 128-bit SIMD (f64x2: one
;; complex number per vector). Source of src/weyl-band-binary.ts (regenerate: pnpm build:wasm,
;; i.e. tooling/wasm.js; a test checks the committed binary against this file).
;;
;; Layout (byte addresses into the module's memory; a complex number is 16 bytes (re, im)):
;; - x: the c vectors transposed, point j's c values at x + 16 c j (c a multiple of 4);
;; - entries: the band's entries of the rows, row after row, in the band's order;
;; - counts: per row (i32) the number of its runs; runs: per run two i32, the point j of its
;;   first entry and its length: along a run the entries are consecutive and j decreases by 1;
;; - out: row r's c results at out + 16 c r.
;; Per vector the sum runs over the row's entries in the band's order, and each term is
;; (a_r x_r - a_i x_i, a_r x_i + a_i x_r) rounded as the JavaScript loop rounds it (no fused
;; multiply-add in WebAssembly SIMD): the results equal the JavaScript kernel's bit for bit.
(module
  (memory (export "memory") 1)

  ;; (-1, 1): a_i (-1, 1) swap(x) = (-a_i x_i, a_i x_r). Read once per call into a local (V8
  ;; rematerializes a v128.const at every use inside a loop). Never written.
  (global $flip (mut v128) (v128.const f64x2 -1 1))

  (func (export "rows")
    (param $rows i32) (param $counts i32) (param $runs i32) (param $entries i32)
    (param $x i32) (param $out i32) (param $c i32)
    (local $r i32) (local $g i32) (local $k i32) (local $nruns i32) (local $len i32)
    (local $t i32) (local $e i32) (local $rp i32) (local $xp i32) (local $rowE i32)
    (local $rowR i32) (local $stride i32) (local $op i32)
    (local $flip v128) (local $a v128) (local $ar v128) (local $ai v128) (local $v v128)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local.set $flip (global.get $flip))
    (local.set $stride (i32.mul (local.get $c) (i32.const 16)))
    (local.set $rowE (local.get $entries))
    (local.set $rowR (local.get $runs))
    (local.set $op (local.get $out))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $nruns (i32.load (i32.add (local.get $counts) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $g (i32.const 0))
        (block $groupsDone
          (loop $groupLoop
            (br_if $groupsDone (i32.ge_u (local.get $g) (local.get $c)))
            (local.set $s0 (v128.const f64x2 0 0))
            (local.set $s1 (v128.const f64x2 0 0))
            (local.set $s2 (v128.const f64x2 0 0))
            (local.set $s3 (v128.const f64x2 0 0))
            (local.set $e (local.get $rowE))
            (local.set $rp (local.get $rowR))
            (local.set $k (i32.const 0))
            (block $runsDone
              (loop $runLoop
                (br_if $runsDone (i32.ge_u (local.get $k) (local.get $nruns)))
                ;; xp = x + 16 (c j + g)
                (local.set $xp
                  (i32.add (local.get $x)
                    (i32.shl
                      (i32.add (i32.mul (i32.load (local.get $rp)) (local.get $c)) (local.get $g))
                      (i32.const 4))))
                (local.set $len (i32.load offset=4 (local.get $rp)))
                (local.set $t (i32.const 0))
                (block $entriesDone
                  (loop $entryLoop
                    (br_if $entriesDone (i32.ge_u (local.get $t) (local.get $len)))
                    (local.set $a (v128.load (local.get $e)))
                    (local.set $ar (f64x2.splat (f64x2.extract_lane 0 (local.get $a))))
                    (local.set $ai
                      (f64x2.mul (f64x2.splat (f64x2.extract_lane 1 (local.get $a))) (local.get $flip)))
                    (local.set $v (v128.load (local.get $xp)))
                    (local.set $s0
                      (f64x2.add (local.get $s0)
                        (f64x2.add (f64x2.mul (local.get $ar) (local.get $v))
                          (f64x2.mul (local.get $ai)
                            (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
                              (local.get $v) (local.get $v))))))
                    (local.set $v (v128.load offset=16 (local.get $xp)))
                    (local.set $s1
                      (f64x2.add (local.get $s1)
                        (f64x2.add (f64x2.mul (local.get $ar) (local.get $v))
                          (f64x2.mul (local.get $ai)
                            (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
                              (local.get $v) (local.get $v))))))
                    (local.set $v (v128.load offset=32 (local.get $xp)))
                    (local.set $s2
                      (f64x2.add (local.get $s2)
                        (f64x2.add (f64x2.mul (local.get $ar) (local.get $v))
                          (f64x2.mul (local.get $ai)
                            (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
                              (local.get $v) (local.get $v))))))
                    (local.set $v (v128.load offset=48 (local.get $xp)))
                    (local.set $s3
                      (f64x2.add (local.get $s3)
                        (f64x2.add (f64x2.mul (local.get $ar) (local.get $v))
                          (f64x2.mul (local.get $ai)
                            (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
                              (local.get $v) (local.get $v))))))
                    (local.set $e (i32.add (local.get $e) (i32.const 16)))
                    (local.set $xp (i32.sub (local.get $xp) (local.get $stride)))
                    (local.set $t (i32.add (local.get $t) (i32.const 1)))
                    (br $entryLoop)))
                (local.set $rp (i32.add (local.get $rp) (i32.const 8)))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $runLoop)))
            (v128.store (local.get $op) (local.get $s0))
            (v128.store offset=16 (local.get $op) (local.get $s1))
            (v128.store offset=32 (local.get $op) (local.get $s2))
            (v128.store offset=48 (local.get $op) (local.get $s3))
            (local.set $op (i32.add (local.get $op) (i32.const 64)))
            (local.set $g (i32.add (local.get $g) (i32.const 4)))
            (br $groupLoop)))
        ;; the next row's entries and runs follow this row's
        (local.set $rowE (local.get $e))
        (local.set $rowR (local.get $rp))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop)))))
