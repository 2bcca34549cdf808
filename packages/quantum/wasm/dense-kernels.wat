;; Dense linear-algebra kernels with 128-bit SIMD (f64x2: two doubles per vector), the kernels
;; behind @semiclassical/quantum's blocked Householder eigensolvers (hermitianEigen,
;; symmetricEigen) when WebAssembly SIMD is available; src/linalg/dense-kernels.ts holds the
;; JavaScript kernels they replace (same interface, same operations but for the order of sums).
;; Source of src/linalg/dense-kernels-binary.ts (regenerate: pnpm build:wasm, i.e.
;; tooling/wasm.js; a test checks the committed binary against this file).
;;
;; Memory layout (that of dense-kernels.ts): every operand lives in the exported memory, seen by
;; JavaScript as one Float64Array workspace. Arguments are offsets in doubles (converted to byte
;; addresses on entry: x 8). Entry (i, j) of a matrix at offset a with row stride ld is at
;; a + i ld + j; vector q of a panel X at x + q ld (its entry i at x + q ld + i); the vectors of
;; hemv / symv are indexed globally (x_j at x + j). Complex operands are split: real parts at
;; one offset (..r), imaginary parts at another (..i).
;;
;; Sums run in two lanes (even and odd entries, added at the end), then a scalar tail for an odd
;; count: results agree with the JavaScript kernels to round-off. The update kernels work on
;; whole pairs of columns and may write A(i, j) for i < j <= i + 7 (upper triangle or row
;; padding: callers keep ld >= end + 8 and the entries up to end + 7 finite, never read there).
;; Loads and stores of v128 use align=8 (a double's alignment: offsets are any double).
(module

  ;; hemv(ld, start, end, ar, ai, xr, xi, yr, yi): y_j += sum_i A_ji x_i for start <= i, j < end,
  ;; A Hermitian held in its lower triangle (LAPACK zhemv, lower). Row i of the triangle (columns
  ;; j < i) serves twice: the dot product A(i, :) x into y_i and the axpy y_j += conj(A(i, j)) x_i;
  ;; the diagonal is real. Rows go in pairs i, i + 1 (x_j, y_j loaded and stored once for both),
  ;; then the last row alone. Cost O((end - start)^2), one read of the triangle.
  (func $hemv (export "hemv")
    (param $ld i32) (param $start i32) (param $end i32) (param $ar i32) (param $ai i32)
    (param $xr i32) (param $xi i32) (param $yr i32) (param $yi i32)
    (local $i i32) (local $len i32) (local $off i32) (local $stride i32) (local $p i32)
    (local $xir f64) (local $xii f64) (local $sr f64) (local $si f64) (local $aijr f64)
    (local $aiji f64) (local $vxir v128) (local $vxii v128) (local $accr v128)
    (local $acci v128) (local $vaijr v128) (local $vaiji v128) (local $tr v128) (local $ti v128)
    (local $a1r i32) (local $a1i i32) (local $vx0r v128) (local $vx0i v128) (local $vx1r v128)
    (local $vx1i v128) (local $acc0r v128) (local $acc0i v128) (local $acc1r v128)
    (local $acc1i v128) (local $va0r v128) (local $va0i v128) (local $va1r v128)
    (local $va1i v128) (local $vxjr v128) (local $vxji v128) (local $x0r f64) (local $x0i f64)
    (local $x1r f64) (local $x1i f64) (local $s0r f64) (local $s0i f64) (local $s1r f64)
    (local $s1i f64) (local $a0r f64) (local $a0i f64) (local $b1r f64) (local $b1i f64)
    (local $xjr f64) (local $xji f64)
    ;; byte addresses: A at A(start, start), x and y at entry start; len = 8 (i - start)
    (local.set $stride (i32.shl (local.get $ld) (i32.const 3)))
    (local.set $p (i32.add (i32.mul (local.get $start) (local.get $ld)) (local.get $start)))
    (local.set $ar (i32.shl (i32.add (local.get $ar) (local.get $p)) (i32.const 3)))
    (local.set $ai (i32.shl (i32.add (local.get $ai) (local.get $p)) (i32.const 3)))
    (local.set $xr (i32.shl (i32.add (local.get $xr) (local.get $start)) (i32.const 3)))
    (local.set $xi (i32.shl (i32.add (local.get $xi) (local.get $start)) (i32.const 3)))
    (local.set $yr (i32.shl (i32.add (local.get $yr) (local.get $start)) (i32.const 3)))
    (local.set $yi (i32.shl (i32.add (local.get $yi) (local.get $start)) (i32.const 3)))
    (local.set $i (local.get $start))
    (local.set $len (i32.const 0))
    ;; rows i, i + 1 while two remain
    (block $rowPairsDone
      (loop $rowPairs
        (br_if $rowPairsDone
          (i32.eqz (i32.lt_s (i32.add (local.get $i) (i32.const 1)) (local.get $end))))
        ;; x_i and x_{i+1}, as scalars and splat to both lanes
        (local.set $vx0r
          (f64x2.splat (local.tee $x0r (f64.load (i32.add (local.get $xr) (local.get $len))))))
        (local.set $vx0i
          (f64x2.splat (local.tee $x0i (f64.load (i32.add (local.get $xi) (local.get $len))))))
        (local.set $vx1r
          (f64x2.splat
            (local.tee $x1r (f64.load offset=8 (i32.add (local.get $xr) (local.get $len))))))
        (local.set $vx1i
          (f64x2.splat
            (local.tee $x1i (f64.load offset=8 (i32.add (local.get $xi) (local.get $len))))))
        (local.set $acc1i
          (local.tee $acc1r (local.tee $acc0i (local.tee $acc0r (f64x2.splat (f64.const 0))))))
        ;; row i + 1
        (local.set $a1r (i32.add (local.get $ar) (local.get $stride)))
        (local.set $a1i (i32.add (local.get $ai) (local.get $stride)))
        (local.set $off (i32.const 0))
        (block $pairColumnsDone
          (loop $pairColumns
            (br_if $pairColumnsDone
              (i32.eqz (i32.le_s (i32.add (local.get $off) (i32.const 16)) (local.get $len))))
            (local.set $va0r (v128.load align=8 (i32.add (local.get $ar) (local.get $off))))
            (local.set $va0i (v128.load align=8 (i32.add (local.get $ai) (local.get $off))))
            (local.set $va1r (v128.load align=8 (i32.add (local.get $a1r) (local.get $off))))
            (local.set $va1i (v128.load align=8 (i32.add (local.get $a1i) (local.get $off))))
            (local.set $vxjr (v128.load align=8 (i32.add (local.get $xr) (local.get $off))))
            (local.set $vxji (v128.load align=8 (i32.add (local.get $xi) (local.get $off))))
            ;; acc_r += A(r, j) x_j for r = i, i + 1 (one add per accumulator's chain)
            (local.set $acc0r
              (f64x2.add
                (local.get $acc0r)
                (f64x2.sub
                  (f64x2.mul (local.get $va0r) (local.get $vxjr))
                  (f64x2.mul (local.get $va0i) (local.get $vxji)))))
            (local.set $acc0i
              (f64x2.add
                (local.get $acc0i)
                (f64x2.add
                  (f64x2.mul (local.get $va0r) (local.get $vxji))
                  (f64x2.mul (local.get $va0i) (local.get $vxjr)))))
            (local.set $acc1r
              (f64x2.add
                (local.get $acc1r)
                (f64x2.sub
                  (f64x2.mul (local.get $va1r) (local.get $vxjr))
                  (f64x2.mul (local.get $va1i) (local.get $vxji)))))
            (local.set $acc1i
              (f64x2.add
                (local.get $acc1i)
                (f64x2.add
                  (f64x2.mul (local.get $va1r) (local.get $vxji))
                  (f64x2.mul (local.get $va1i) (local.get $vxjr)))))
            ;; y_j += conj(A(i, j)) x_i + conj(A(i + 1, j)) x_{i+1}
            (v128.store align=8
              (local.tee $p (i32.add (local.get $yr) (local.get $off)))
              (f64x2.add
                (v128.load align=8 (local.get $p))
                (f64x2.add
                  (f64x2.add
                    (f64x2.mul (local.get $va0r) (local.get $vx0r))
                    (f64x2.mul (local.get $va0i) (local.get $vx0i)))
                  (f64x2.add
                    (f64x2.mul (local.get $va1r) (local.get $vx1r))
                    (f64x2.mul (local.get $va1i) (local.get $vx1i))))))
            (v128.store align=8
              (local.tee $p (i32.add (local.get $yi) (local.get $off)))
              (f64x2.add
                (v128.load align=8 (local.get $p))
                (f64x2.add
                  (f64x2.sub
                    (f64x2.mul (local.get $va0r) (local.get $vx0i))
                    (f64x2.mul (local.get $va0i) (local.get $vx0r)))
                  (f64x2.sub
                    (f64x2.mul (local.get $va1r) (local.get $vx1i))
                    (f64x2.mul (local.get $va1i) (local.get $vx1r))))))
            (local.set $off (i32.add (local.get $off) (i32.const 16)))
            (br $pairColumns)))
        ;; horizontal sums of the two lanes
        (local.set $s0r
          (f64.add
            (f64x2.extract_lane 0 (local.get $acc0r))
            (f64x2.extract_lane 1 (local.get $acc0r))))
        (local.set $s0i
          (f64.add
            (f64x2.extract_lane 0 (local.get $acc0i))
            (f64x2.extract_lane 1 (local.get $acc0i))))
        (local.set $s1r
          (f64.add
            (f64x2.extract_lane 0 (local.get $acc1r))
            (f64x2.extract_lane 1 (local.get $acc1r))))
        (local.set $s1i
          (f64.add
            (f64x2.extract_lane 0 (local.get $acc1i))
            (f64x2.extract_lane 1 (local.get $acc1i))))
        ;; the last column j < i when i - start is odd: the same in scalars
        (if (i32.lt_s (local.get $off) (local.get $len))
          (then
            (local.set $a0r (f64.load (i32.add (local.get $ar) (local.get $off))))
            (local.set $a0i (f64.load (i32.add (local.get $ai) (local.get $off))))
            (local.set $b1r (f64.load (i32.add (local.get $a1r) (local.get $off))))
            (local.set $b1i (f64.load (i32.add (local.get $a1i) (local.get $off))))
            (local.set $xjr (f64.load (i32.add (local.get $xr) (local.get $off))))
            (local.set $xji (f64.load (i32.add (local.get $xi) (local.get $off))))
            (local.set $s0r
              (f64.add
                (local.get $s0r)
                (f64.sub
                  (f64.mul (local.get $a0r) (local.get $xjr))
                  (f64.mul (local.get $a0i) (local.get $xji)))))
            (local.set $s0i
              (f64.add
                (local.get $s0i)
                (f64.add
                  (f64.mul (local.get $a0r) (local.get $xji))
                  (f64.mul (local.get $a0i) (local.get $xjr)))))
            (local.set $s1r
              (f64.add
                (local.get $s1r)
                (f64.sub
                  (f64.mul (local.get $b1r) (local.get $xjr))
                  (f64.mul (local.get $b1i) (local.get $xji)))))
            (local.set $s1i
              (f64.add
                (local.get $s1i)
                (f64.add
                  (f64.mul (local.get $b1r) (local.get $xji))
                  (f64.mul (local.get $b1i) (local.get $xjr)))))
            (f64.store
              (local.tee $p (i32.add (local.get $yr) (local.get $off)))
              (f64.add
                (f64.load (local.get $p))
                (f64.add
                  (f64.add
                    (f64.mul (local.get $a0r) (local.get $x0r))
                    (f64.mul (local.get $a0i) (local.get $x0i)))
                  (f64.add
                    (f64.mul (local.get $b1r) (local.get $x1r))
                    (f64.mul (local.get $b1i) (local.get $x1i))))))
            (f64.store
              (local.tee $p (i32.add (local.get $yi) (local.get $off)))
              (f64.add
                (f64.load (local.get $p))
                (f64.add
                  (f64.sub
                    (f64.mul (local.get $a0r) (local.get $x0i))
                    (f64.mul (local.get $a0i) (local.get $x0r)))
                  (f64.sub
                    (f64.mul (local.get $b1r) (local.get $x1i))
                    (f64.mul (local.get $b1i) (local.get $x1r))))))))
        ;; A(i + 1, i) = a0: acc_{i+1} += a0 x_i, y_i += conj(a0) x_{i+1}; real diagonals in b1r
        (local.set $a0r (f64.load (i32.add (local.get $a1r) (local.get $len))))
        (local.set $a0i (f64.load (i32.add (local.get $a1i) (local.get $len))))
        (local.set $s1r
          (f64.add
            (local.get $s1r)
            (f64.sub
              (f64.mul (local.get $a0r) (local.get $x0r))
              (f64.mul (local.get $a0i) (local.get $x0i)))))
        (local.set $s1i
          (f64.add
            (local.get $s1i)
            (f64.add
              (f64.mul (local.get $a0r) (local.get $x0i))
              (f64.mul (local.get $a0i) (local.get $x0r)))))
        (local.set $b1r (f64.load (i32.add (local.get $ar) (local.get $len))))
        (f64.store
          (local.tee $p (i32.add (local.get $yr) (local.get $len)))
          (f64.add
            (f64.load (local.get $p))
            (f64.add
              (f64.add (local.get $s0r) (f64.mul (local.get $b1r) (local.get $x0r)))
              (f64.add
                (f64.mul (local.get $a0r) (local.get $x1r))
                (f64.mul (local.get $a0i) (local.get $x1i))))))
        (f64.store
          (local.tee $p (i32.add (local.get $yi) (local.get $len)))
          (f64.add
            (f64.load (local.get $p))
            (f64.add
              (f64.add (local.get $s0i) (f64.mul (local.get $b1r) (local.get $x0i)))
              (f64.sub
                (f64.mul (local.get $a0r) (local.get $x1i))
                (f64.mul (local.get $a0i) (local.get $x1r))))))
        (local.set $b1r (f64.load offset=8 (i32.add (local.get $a1r) (local.get $len))))
        (f64.store offset=8
          (local.tee $p (i32.add (local.get $yr) (local.get $len)))
          (f64.add
            (f64.load offset=8 (local.get $p))
            (f64.add (local.get $s1r) (f64.mul (local.get $b1r) (local.get $x1r)))))
        (f64.store offset=8
          (local.tee $p (i32.add (local.get $yi) (local.get $len)))
          (f64.add
            (f64.load offset=8 (local.get $p))
            (f64.add (local.get $s1i) (f64.mul (local.get $b1r) (local.get $x1i)))))
        ;; next pair of rows
        (local.set $p (i32.shl (local.get $stride) (i32.const 1)))
        (local.set $ar (i32.add (local.get $ar) (local.get $p)))
        (local.set $ai (i32.add (local.get $ai) (local.get $p)))
        (local.set $len (i32.add (local.get $len) (i32.const 16)))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $rowPairs)))
    ;; the last row, when end - start is odd
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.eqz (i32.lt_s (local.get $i) (local.get $end))))
        (local.set $vxir
          (f64x2.splat (local.tee $xir (f64.load (i32.add (local.get $xr) (local.get $len))))))
        (local.set $vxii
          (f64x2.splat (local.tee $xii (f64.load (i32.add (local.get $xi) (local.get $len))))))
        (local.set $acci (local.tee $accr (f64x2.splat (f64.const 0))))
        (local.set $off (i32.const 0))
        (block $columnsDone
          (loop $columns
            (br_if $columnsDone
              (i32.eqz (i32.le_s (i32.add (local.get $off) (i32.const 16)) (local.get $len))))
            (local.set $vaijr (v128.load align=8 (i32.add (local.get $ar) (local.get $off))))
            (local.set $vaiji (v128.load align=8 (i32.add (local.get $ai) (local.get $off))))
            (local.set $tr (v128.load align=8 (i32.add (local.get $xr) (local.get $off))))
            (local.set $ti (v128.load align=8 (i32.add (local.get $xi) (local.get $off))))
            ;; acc += A(i, j) x_j
            (local.set $accr
              (f64x2.add
                (local.get $accr)
                (f64x2.sub
                  (f64x2.mul (local.get $vaijr) (local.get $tr))
                  (f64x2.mul (local.get $vaiji) (local.get $ti)))))
            (local.set $acci
              (f64x2.add
                (local.get $acci)
                (f64x2.add
                  (f64x2.mul (local.get $vaijr) (local.get $ti))
                  (f64x2.mul (local.get $vaiji) (local.get $tr)))))
            ;; y_j += conj(A(i, j)) x_i
            (v128.store align=8
              (local.tee $p (i32.add (local.get $yr) (local.get $off)))
              (f64x2.add
                (v128.load align=8 (local.get $p))
                (f64x2.add
                  (f64x2.mul (local.get $vaijr) (local.get $vxir))
                  (f64x2.mul (local.get $vaiji) (local.get $vxii)))))
            (v128.store align=8
              (local.tee $p (i32.add (local.get $yi) (local.get $off)))
              (f64x2.add
                (v128.load align=8 (local.get $p))
                (f64x2.sub
                  (f64x2.mul (local.get $vaijr) (local.get $vxii))
                  (f64x2.mul (local.get $vaiji) (local.get $vxir)))))
            (local.set $off (i32.add (local.get $off) (i32.const 16)))
            (br $columns)))
        (local.set $sr
          (f64.add
            (f64x2.extract_lane 0 (local.get $accr))
            (f64x2.extract_lane 1 (local.get $accr))))
        (local.set $si
          (f64.add
            (f64x2.extract_lane 0 (local.get $acci))
            (f64x2.extract_lane 1 (local.get $acci))))
        ;; the last column j < i in scalars
        (if (i32.lt_s (local.get $off) (local.get $len))
          (then
            (local.set $aijr (f64.load (i32.add (local.get $ar) (local.get $off))))
            (local.set $aiji (f64.load (i32.add (local.get $ai) (local.get $off))))
            (local.set $p (i32.add (local.get $xr) (local.get $off)))
            ;; sr + A_r x_r stays on the stack until x_i is loaded: sr = (sr + A_r x_r) - A_i x_i
            (f64.add (local.get $sr) (f64.mul (local.get $aijr) (f64.load (local.get $p))))
            (local.set $si
              (f64.add (local.get $si) (f64.mul (local.get $aiji) (f64.load (local.get $p)))))
            (local.set $p (i32.add (local.get $xi) (local.get $off)))
            (f64.mul (local.get $aiji) (f64.load (local.get $p)))
            (local.set $sr (f64.sub))
            (local.set $si
              (f64.add (local.get $si) (f64.mul (local.get $aijr) (f64.load (local.get $p)))))
            (f64.store
              (local.tee $p (i32.add (local.get $yr) (local.get $off)))
              (f64.add
                (f64.add (f64.load (local.get $p)) (f64.mul (local.get $aijr) (local.get $xir)))
                (f64.mul (local.get $aiji) (local.get $xii))))
            (f64.store
              (local.tee $p (i32.add (local.get $yi) (local.get $off)))
              (f64.sub
                (f64.add (f64.load (local.get $p)) (f64.mul (local.get $aijr) (local.get $xii)))
                (f64.mul (local.get $aiji) (local.get $xir))))))
        ;; the diagonal (real part only) at off = len
        (local.set $aijr (f64.load (i32.add (local.get $ar) (local.get $len))))
        (f64.store
          (local.tee $p (i32.add (local.get $yr) (local.get $len)))
          (f64.add
            (f64.load (local.get $p))
            (f64.add (local.get $sr) (f64.mul (local.get $aijr) (local.get $xir)))))
        (f64.store
          (local.tee $p (i32.add (local.get $yi) (local.get $len)))
          (f64.add
            (f64.load (local.get $p))
            (f64.add (local.get $si) (f64.mul (local.get $aijr) (local.get $xii)))))
        (local.set $ar (i32.add (local.get $ar) (local.get $stride)))
        (local.set $ai (i32.add (local.get $ai) (local.get $stride)))
        (local.set $len (i32.add (local.get $len) (i32.const 8)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; her2k(ld, start, end, m, ar, ai, xr, xi, yr, yi): A_ij -= sum_{q<m} X_q[i] conj(Y_q[j]) for
  ;; start <= j <= i < end (the rank-2b update of the blocked tridiagonalization). Row i in chunks
  ;; of 4 columns (two v128 per part), accumulated over q in registers, then subtracted; the last
  ;; chunk may pass the diagonal (up to j = i + 3, see the file comment). Cost O(m (end - start)^2).
  (func $her2k (export "her2k")
    (param $ld i32) (param $start i32) (param $end i32) (param $m i32) (param $ar i32)
    (param $ai i32) (param $xr i32) (param $xi i32) (param $yr i32) (param $yi i32)
    (local $i i32) (local $len i32) (local $off i32) (local $stride i32) (local $q i32)
    (local $px i32) (local $pxi i32) (local $py i32) (local $pyi i32) (local $p i32)
    (local $xqr v128) (local $xqi v128) (local $y0r v128) (local $y0i v128) (local $y1r v128)
    (local $y1i v128) (local $c0r v128) (local $c0i v128) (local $c1r v128) (local $c1i v128)
    ;; byte addresses: A at A(start, start), X and Y at entry start; len = 8 (i - start + 1)
    (local.set $stride (i32.shl (local.get $ld) (i32.const 3)))
    (local.set $p (i32.add (i32.mul (local.get $start) (local.get $ld)) (local.get $start)))
    (local.set $ar (i32.shl (i32.add (local.get $ar) (local.get $p)) (i32.const 3)))
    (local.set $ai (i32.shl (i32.add (local.get $ai) (local.get $p)) (i32.const 3)))
    (local.set $yr (i32.shl (i32.add (local.get $yr) (local.get $start)) (i32.const 3)))
    (local.set $yi (i32.shl (i32.add (local.get $yi) (local.get $start)) (i32.const 3)))
    (local.set $xr (i32.shl (i32.add (local.get $xr) (local.get $start)) (i32.const 3)))
    (local.set $xi (i32.shl (i32.add (local.get $xi) (local.get $start)) (i32.const 3)))
    (local.set $i (local.get $start))
    (local.set $len (i32.const 8))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.eqz (i32.lt_s (local.get $i) (local.get $end))))
        (local.set $off (i32.const 0))
        (block $chunksDone
          (loop $chunks
            (br_if $chunksDone (i32.eqz (i32.lt_s (local.get $off) (local.get $len))))
            (local.set $c1i
              (local.tee $c1r (local.tee $c0i (local.tee $c0r (f64x2.splat (f64.const 0))))))
            ;; X_q[i] (at x + len - 8) and Y_q[j] for the chunk's first column
            (local.set $px (i32.sub (i32.add (local.get $xr) (local.get $len)) (i32.const 8)))
            (local.set $pxi (i32.sub (i32.add (local.get $xi) (local.get $len)) (i32.const 8)))
            (local.set $py (i32.add (local.get $yr) (local.get $off)))
            (local.set $pyi (i32.add (local.get $yi) (local.get $off)))
            (local.set $q (i32.const 0))
            (block $termsDone
              (loop $terms
                (br_if $termsDone (i32.eqz (i32.lt_s (local.get $q) (local.get $m))))
                (local.set $xqr (v128.load64_splat (local.get $px)))
                (local.set $xqi (v128.load64_splat (local.get $pxi)))
                (local.set $y0r (v128.load align=8 (local.get $py)))
                (local.set $y0i (v128.load align=8 (local.get $pyi)))
                (local.set $y1r (v128.load offset=16 align=8 (local.get $py)))
                (local.set $y1i (v128.load offset=16 align=8 (local.get $pyi)))
                ;; c += X_q[i] conj(Y_q[j]) = (xr yr + xi yi) + i (xi yr - xr yi)
                (local.set $c0r
                  (f64x2.add
                    (local.get $c0r)
                    (f64x2.add
                      (f64x2.mul (local.get $xqr) (local.get $y0r))
                      (f64x2.mul (local.get $xqi) (local.get $y0i)))))
                (local.set $c0i
                  (f64x2.add
                    (local.get $c0i)
                    (f64x2.sub
                      (f64x2.mul (local.get $xqi) (local.get $y0r))
                      (f64x2.mul (local.get $xqr) (local.get $y0i)))))
                (local.set $c1r
                  (f64x2.add
                    (local.get $c1r)
                    (f64x2.add
                      (f64x2.mul (local.get $xqr) (local.get $y1r))
                      (f64x2.mul (local.get $xqi) (local.get $y1i)))))
                (local.set $c1i
                  (f64x2.add
                    (local.get $c1i)
                    (f64x2.sub
                      (f64x2.mul (local.get $xqi) (local.get $y1r))
                      (f64x2.mul (local.get $xqr) (local.get $y1i)))))
                (local.set $px (i32.add (local.get $px) (local.get $stride)))
                (local.set $pxi (i32.add (local.get $pxi) (local.get $stride)))
                (local.set $py (i32.add (local.get $py) (local.get $stride)))
                (local.set $pyi (i32.add (local.get $pyi) (local.get $stride)))
                (local.set $q (i32.add (local.get $q) (i32.const 1)))
                (br $terms)))
            ;; A(i, j) -= c for the chunk's 4 columns
            (v128.store align=8
              (local.tee $p (i32.add (local.get $ar) (local.get $off)))
              (f64x2.sub (v128.load align=8 (local.get $p)) (local.get $c0r)))
            (v128.store offset=16 align=8
              (local.tee $p (i32.add (local.get $ar) (local.get $off)))
              (f64x2.sub (v128.load offset=16 align=8 (local.get $p)) (local.get $c1r)))
            (v128.store align=8
              (local.tee $p (i32.add (local.get $ai) (local.get $off)))
              (f64x2.sub (v128.load align=8 (local.get $p)) (local.get $c0i)))
            (v128.store offset=16 align=8
              (local.tee $p (i32.add (local.get $ai) (local.get $off)))
              (f64x2.sub (v128.load offset=16 align=8 (local.get $p)) (local.get $c1i)))
            (local.set $off (i32.add (local.get $off) (i32.const 32)))
            (br $chunks)))
        (local.set $ar (i32.add (local.get $ar) (local.get $stride)))
        (local.set $ai (i32.add (local.get $ai) (local.get $stride)))
        (local.set $len (i32.add (local.get $len) (i32.const 8)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; dots(ld, start, end, m, xr, xi, vr, vi, outr, outi):
  ;; out_q = sum_{start<=i<end} conj(X_q[i]) v_i for q < m (out_q at out + q).
  ;; Cost O(m (end - start)).
  (func $dots (export "dots")
    (param $ld i32) (param $start i32) (param $end i32) (param $m i32) (param $xr i32)
    (param $xi i32) (param $vr i32) (param $vi i32) (param $outr i32) (param $outi i32)
    (local $q i32) (local $len i32) (local $off i32) (local $stride i32) (local $zero i32)
    (local $sr f64) (local $si f64) (local $a f64) (local $b f64) (local $c f64) (local $d f64)
    (local $accr v128) (local $acci v128) (local $va v128) (local $vb v128) (local $vc v128)
    (local $vd v128)
    (local.set $stride (i32.shl (local.get $ld) (i32.const 3)))
    (local.set $xr (i32.shl (i32.add (local.get $xr) (local.get $start)) (i32.const 3)))
    (local.set $xi (i32.shl (i32.add (local.get $xi) (local.get $start)) (i32.const 3)))
    (local.set $vr (i32.shl (i32.add (local.get $vr) (local.get $start)) (i32.const 3)))
    (local.set $vi (i32.shl (i32.add (local.get $vi) (local.get $start)) (i32.const 3)))
    ;; $zero is never set (0): c / out are indexed from their own offset, not from start
    (local.set $outr (i32.shl (i32.add (local.get $outr) (local.get $zero)) (i32.const 3)))
    (local.set $outi (i32.shl (i32.add (local.get $outi) (local.get $zero)) (i32.const 3)))
    (local.set $len (i32.shl (i32.sub (local.get $end) (local.get $start)) (i32.const 3)))
    (local.set $q (i32.const 0))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.eqz (i32.lt_s (local.get $q) (local.get $m))))
        (local.set $acci (local.tee $accr (f64x2.splat (f64.const 0))))
        (local.set $off (i32.const 0))
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone
              (i32.eqz (i32.le_s (i32.add (local.get $off) (i32.const 16)) (local.get $len))))
            (local.set $va (v128.load align=8 (i32.add (local.get $xr) (local.get $off))))
            (local.set $vb (v128.load align=8 (i32.add (local.get $xi) (local.get $off))))
            (local.set $vc (v128.load align=8 (i32.add (local.get $vr) (local.get $off))))
            (local.set $vd (v128.load align=8 (i32.add (local.get $vi) (local.get $off))))
            (local.set $accr
              (f64x2.add
                (local.get $accr)
                (f64x2.add
                  (f64x2.mul (local.get $va) (local.get $vc))
                  (f64x2.mul (local.get $vb) (local.get $vd)))))
            (local.set $acci
              (f64x2.add
                (local.get $acci)
                (f64x2.sub
                  (f64x2.mul (local.get $va) (local.get $vd))
                  (f64x2.mul (local.get $vb) (local.get $vc)))))
            (local.set $off (i32.add (local.get $off) (i32.const 16)))
            (br $pairs)))
        (local.set $sr
          (f64.add
            (f64x2.extract_lane 0 (local.get $accr))
            (f64x2.extract_lane 1 (local.get $accr))))
        (local.set $si
          (f64.add
            (f64x2.extract_lane 0 (local.get $acci))
            (f64x2.extract_lane 1 (local.get $acci))))
        ;; the last entry when end - start is odd
        (if (i32.lt_s (local.get $off) (local.get $len))
          (then
            (local.set $a (f64.load (i32.add (local.get $xr) (local.get $off))))
            (local.set $b (f64.load (i32.add (local.get $xi) (local.get $off))))
            (local.set $c (f64.load (i32.add (local.get $vr) (local.get $off))))
            (local.set $d (f64.load (i32.add (local.get $vi) (local.get $off))))
            (local.set $sr
              (f64.add
                (local.get $sr)
                (f64.add
                  (f64.mul (local.get $a) (local.get $c))
                  (f64.mul (local.get $b) (local.get $d)))))
            (local.set $si
              (f64.add
                (local.get $si)
                (f64.sub
                  (f64.mul (local.get $a) (local.get $d))
                  (f64.mul (local.get $b) (local.get $c)))))))
        (f64.store (local.get $outr) (local.get $sr))
        (f64.store (local.get $outi) (local.get $si))
        (local.set $outr (i32.add (local.get $outr) (i32.const 8)))
        (local.set $outi (i32.add (local.get $outi) (i32.const 8)))
        (local.set $xr (i32.add (local.get $xr) (local.get $stride)))
        (local.set $xi (i32.add (local.get $xi) (local.get $stride)))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $vectors))))

  ;; combine(ld, start, end, m, xr, xi, cr, ci, ur, ui): u_i -= sum_{q<m} X_q[i] c_q for
  ;; start <= i < end (c_q at c + q): pairs of entries i, the sum over q in registers, then the last
  ;; entry alone. Cost O(m (end - start)).
  (func $combine (export "combine")
    (param $ld i32) (param $start i32) (param $end i32) (param $m i32) (param $xr i32)
    (param $xi i32) (param $cr i32) (param $ci i32) (param $ur i32) (param $ui i32)
    (local $q i32) (local $len i32) (local $off i32) (local $stride i32) (local $zero i32)
    (local $px i32) (local $pxi i32) (local $pc i32) (local $pci i32) (local $p i32)
    (local $sr f64) (local $si f64) (local $a f64) (local $b f64) (local $cqr f64)
    (local $cqi f64) (local $accr v128) (local $acci v128) (local $va v128) (local $vb v128)
    (local $vcqr v128) (local $vcqi v128)
    (local.set $stride (i32.shl (local.get $ld) (i32.const 3)))
    (local.set $xr (i32.shl (i32.add (local.get $xr) (local.get $start)) (i32.const 3)))
    (local.set $xi (i32.shl (i32.add (local.get $xi) (local.get $start)) (i32.const 3)))
    (local.set $ur (i32.shl (i32.add (local.get $ur) (local.get $start)) (i32.const 3)))
    (local.set $ui (i32.shl (i32.add (local.get $ui) (local.get $start)) (i32.const 3)))
    ;; $zero is never set (0): c / out are indexed from their own offset, not from start
    (local.set $cr (i32.shl (i32.add (local.get $cr) (local.get $zero)) (i32.const 3)))
    (local.set $ci (i32.shl (i32.add (local.get $ci) (local.get $zero)) (i32.const 3)))
    (local.set $len (i32.shl (i32.sub (local.get $end) (local.get $start)) (i32.const 3)))
    (local.set $off (i32.const 0))
    (block $pairsDone
      (loop $pairs
        (br_if $pairsDone
          (i32.eqz (i32.le_s (i32.add (local.get $off) (i32.const 16)) (local.get $len))))
        (local.set $acci (local.tee $accr (f64x2.splat (f64.const 0))))
        (local.set $px (i32.add (local.get $xr) (local.get $off)))
        (local.set $pxi (i32.add (local.get $xi) (local.get $off)))
        (local.set $pc (local.get $cr))
        (local.set $pci (local.get $ci))
        (local.set $q (i32.const 0))
        (block $termsDone
          (loop $terms
            (br_if $termsDone (i32.eqz (i32.lt_s (local.get $q) (local.get $m))))
            (local.set $vcqr (v128.load64_splat (local.get $pc)))
            (local.set $vcqi (v128.load64_splat (local.get $pci)))
            (local.set $va (v128.load align=8 (local.get $px)))
            (local.set $vb (v128.load align=8 (local.get $pxi)))
            ;; X c = (a cr - b ci) + i (a ci + b cr), entries i, i + 1
            (local.set $accr
              (f64x2.add
                (local.get $accr)
                (f64x2.sub
                  (f64x2.mul (local.get $va) (local.get $vcqr))
                  (f64x2.mul (local.get $vb) (local.get $vcqi)))))
            (local.set $acci
              (f64x2.add
                (local.get $acci)
                (f64x2.add
                  (f64x2.mul (local.get $va) (local.get $vcqi))
                  (f64x2.mul (local.get $vb) (local.get $vcqr)))))
            (local.set $px (i32.add (local.get $px) (local.get $stride)))
            (local.set $pxi (i32.add (local.get $pxi) (local.get $stride)))
            (local.set $pc (i32.add (local.get $pc) (i32.const 8)))
            (local.set $pci (i32.add (local.get $pci) (i32.const 8)))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (br $terms)))
        ;; u -= X c
        (v128.store align=8
          (local.tee $p (i32.add (local.get $ur) (local.get $off)))
          (f64x2.sub (v128.load align=8 (local.get $p)) (local.get $accr)))
        (v128.store align=8
          (local.tee $p (i32.add (local.get $ui) (local.get $off)))
          (f64x2.sub (v128.load align=8 (local.get $p)) (local.get $acci)))
        (local.set $off (i32.add (local.get $off) (i32.const 16)))
        (br $pairs)))
    ;; the last entry when end - start is odd
    (if (i32.lt_s (local.get $off) (local.get $len))
      (then
        (local.set $si (local.tee $sr (f64.const 0)))
        (local.set $px (i32.add (local.get $xr) (local.get $off)))
        (local.set $pxi (i32.add (local.get $xi) (local.get $off)))
        (local.set $pc (local.get $cr))
        (local.set $pci (local.get $ci))
        (local.set $q (i32.const 0))
        (block $tailTermsDone
          (loop $tailTerms
            (br_if $tailTermsDone (i32.eqz (i32.lt_s (local.get $q) (local.get $m))))
            (local.set $cqr (f64.load (local.get $pc)))
            (local.set $cqi (f64.load (local.get $pci)))
            (local.set $a (f64.load (local.get $px)))
            (local.set $b (f64.load (local.get $pxi)))
            (local.set $sr
              (f64.add
                (local.get $sr)
                (f64.sub
                  (f64.mul (local.get $a) (local.get $cqr))
                  (f64.mul (local.get $b) (local.get $cqi)))))
            (local.set $si
              (f64.add
                (local.get $si)
                (f64.add
                  (f64.mul (local.get $a) (local.get $cqi))
                  (f64.mul (local.get $b) (local.get $cqr)))))
            (local.set $px (i32.add (local.get $px) (local.get $stride)))
            (local.set $pxi (i32.add (local.get $pxi) (local.get $stride)))
            (local.set $pc (i32.add (local.get $pc) (i32.const 8)))
            (local.set $pci (i32.add (local.get $pci) (i32.const 8)))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (br $tailTerms)))
        (f64.store
          (local.tee $p (i32.add (local.get $ur) (local.get $off)))
          (f64.sub (f64.load (local.get $p)) (local.get $sr)))
        (f64.store
          (local.tee $p (i32.add (local.get $ui) (local.get $off)))
          (f64.sub (f64.load (local.get $p)) (local.get $si))))))

  ;; rank1(ld, start, end, m, zr, zi, cr, ci, vr, vi): Z_q[i] -= c_q v_i for q < m, start <= i < end
  ;; (the complex rank-1 update of the back-transformation). Cost O(m (end - start)).
  (func $rank1 (export "rank1")
    (param $ld i32) (param $start i32) (param $end i32) (param $m i32) (param $zr i32)
    (param $zi i32) (param $cr i32) (param $ci i32) (param $vr i32) (param $vi i32)
    (local $q i32) (local $len i32) (local $off i32) (local $stride i32) (local $zero i32)
    (local $p i32) (local $cqr f64) (local $cqi f64) (local $a f64) (local $b f64)
    (local $vcqr v128) (local $vcqi v128) (local $va v128) (local $vb v128)
    (local.set $stride (i32.shl (local.get $ld) (i32.const 3)))
    (local.set $zr (i32.shl (i32.add (local.get $zr) (local.get $start)) (i32.const 3)))
    (local.set $zi (i32.shl (i32.add (local.get $zi) (local.get $start)) (i32.const 3)))
    (local.set $vr (i32.shl (i32.add (local.get $vr) (local.get $start)) (i32.const 3)))
    (local.set $vi (i32.shl (i32.add (local.get $vi) (local.get $start)) (i32.const 3)))
    ;; $zero is never set (0): c / out are indexed from their own offset, not from start
    (local.set $cr (i32.shl (i32.add (local.get $cr) (local.get $zero)) (i32.const 3)))
    (local.set $ci (i32.shl (i32.add (local.get $ci) (local.get $zero)) (i32.const 3)))
    (local.set $len (i32.shl (i32.sub (local.get $end) (local.get $start)) (i32.const 3)))
    (local.set $q (i32.const 0))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.eqz (i32.lt_s (local.get $q) (local.get $m))))
        (local.set $vcqr (f64x2.splat (local.tee $cqr (f64.load (local.get $cr)))))
        (local.set $vcqi (f64x2.splat (local.tee $cqi (f64.load (local.get $ci)))))
        (local.set $off (i32.const 0))
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone
              (i32.eqz (i32.le_s (i32.add (local.get $off) (i32.const 16)) (local.get $len))))
            (local.set $va (v128.load align=8 (i32.add (local.get $vr) (local.get $off))))
            (local.set $vb (v128.load align=8 (i32.add (local.get $vi) (local.get $off))))
            ;; z -= c v = (cr vr - ci vi) + i (cr vi + ci vr)
            (v128.store align=8
              (local.tee $p (i32.add (local.get $zr) (local.get $off)))
              (f64x2.sub
                (v128.load align=8 (local.get $p))
                (f64x2.sub
                  (f64x2.mul (local.get $vcqr) (local.get $va))
                  (f64x2.mul (local.get $vcqi) (local.get $vb)))))
            (v128.store align=8
              (local.tee $p (i32.add (local.get $zi) (local.get $off)))
              (f64x2.sub
                (v128.load align=8 (local.get $p))
                (f64x2.add
                  (f64x2.mul (local.get $vcqr) (local.get $vb))
                  (f64x2.mul (local.get $vcqi) (local.get $va)))))
            (local.set $off (i32.add (local.get $off) (i32.const 16)))
            (br $pairs)))
        ;; the last entry when end - start is odd
        (if (i32.lt_s (local.get $off) (local.get $len))
          (then
            (local.set $a (f64.load (i32.add (local.get $vr) (local.get $off))))
            (local.set $b (f64.load (i32.add (local.get $vi) (local.get $off))))
            (f64.store
              (local.tee $p (i32.add (local.get $zr) (local.get $off)))
              (f64.sub
                (f64.load (local.get $p))
                (f64.sub
                  (f64.mul (local.get $cqr) (local.get $a))
                  (f64.mul (local.get $cqi) (local.get $b)))))
            (f64.store
              (local.tee $p (i32.add (local.get $zi) (local.get $off)))
              (f64.sub
                (f64.load (local.get $p))
                (f64.add
                  (f64.mul (local.get $cqr) (local.get $b))
                  (f64.mul (local.get $cqi) (local.get $a)))))))
        (local.set $zr (i32.add (local.get $zr) (local.get $stride)))
        (local.set $zi (i32.add (local.get $zi) (local.get $stride)))
        (local.set $cr (i32.add (local.get $cr) (i32.const 8)))
        (local.set $ci (i32.add (local.get $ci) (i32.const 8)))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $vectors))))

  ;; symv(ld, start, end, a, x, y): y_j += sum_i A_ji x_i for start <= i, j < end, A real symmetric
  ;; held in its lower triangle (LAPACK dsymv, lower); as hemv: row i of the triangle serves the
  ;; dot product into y_i and the axpy into y_j, rows in pairs then the last one alone.
  ;; Cost O((end - start)^2).
  (func $symv (export "symv")
    (param $ld i32) (param $start i32) (param $end i32) (param $a i32) (param $x i32)
    (param $y i32)
    (local $i i32) (local $len i32) (local $off i32) (local $stride i32) (local $p i32)
    (local $xi f64) (local $s f64) (local $aij f64) (local $vxi v128) (local $acc v128)
    (local $va v128) (local $a1 i32) (local $x0 f64) (local $x1 f64) (local $s0 f64)
    (local $s1 f64) (local $e0 f64) (local $e1 f64) (local $xj f64) (local $vx0 v128)
    (local $vx1 v128) (local $acc0 v128) (local $acc1 v128) (local $va0 v128) (local $va1 v128)
    (local $vxj v128)
    (local.set $stride (i32.shl (local.get $ld) (i32.const 3)))
    (local.set $p (i32.add (i32.mul (local.get $start) (local.get $ld)) (local.get $start)))
    (local.set $a (i32.shl (i32.add (local.get $a) (local.get $p)) (i32.const 3)))
    (local.set $x (i32.shl (i32.add (local.get $x) (local.get $start)) (i32.const 3)))
    (local.set $y (i32.shl (i32.add (local.get $y) (local.get $start)) (i32.const 3)))
    (local.set $i (local.get $start))
    (local.set $len (i32.const 0))
    ;; rows i, i + 1 while two remain (x_j, y_j loaded once for both)
    (block $rowPairsDone
      (loop $rowPairs
        (br_if $rowPairsDone
          (i32.eqz (i32.lt_s (i32.add (local.get $i) (i32.const 1)) (local.get $end))))
        (local.set $vx0
          (f64x2.splat (local.tee $x0 (f64.load (i32.add (local.get $x) (local.get $len))))))
        (local.set $vx1
          (f64x2.splat
            (local.tee $x1 (f64.load offset=8 (i32.add (local.get $x) (local.get $len))))))
        (local.set $acc1 (local.tee $acc0 (f64x2.splat (f64.const 0))))
        (local.set $a1 (i32.add (local.get $a) (local.get $stride)))
        (local.set $off (i32.const 0))
        (block $pairColumnsDone
          (loop $pairColumns
            (br_if $pairColumnsDone
              (i32.eqz (i32.le_s (i32.add (local.get $off) (i32.const 16)) (local.get $len))))
            (local.set $va0 (v128.load align=8 (i32.add (local.get $a) (local.get $off))))
            (local.set $va1 (v128.load align=8 (i32.add (local.get $a1) (local.get $off))))
            (local.set $vxj (v128.load align=8 (i32.add (local.get $x) (local.get $off))))
            ;; acc_r += A(r, j) x_j for r = i, i + 1; y_j += A(i, j) x_i + A(i + 1, j) x_{i+1}
            (local.set $acc0
              (f64x2.add (local.get $acc0) (f64x2.mul (local.get $va0) (local.get $vxj))))
            (local.set $acc1
              (f64x2.add (local.get $acc1) (f64x2.mul (local.get $va1) (local.get $vxj))))
            (v128.store align=8
              (local.tee $p (i32.add (local.get $y) (local.get $off)))
              (f64x2.add
                (v128.load align=8 (local.get $p))
                (f64x2.add
                  (f64x2.mul (local.get $va0) (local.get $vx0))
                  (f64x2.mul (local.get $va1) (local.get $vx1)))))
            (local.set $off (i32.add (local.get $off) (i32.const 16)))
            (br $pairColumns)))
        (local.set $s0
          (f64.add
            (f64x2.extract_lane 0 (local.get $acc0))
            (f64x2.extract_lane 1 (local.get $acc0))))
        (local.set $s1
          (f64.add
            (f64x2.extract_lane 0 (local.get $acc1))
            (f64x2.extract_lane 1 (local.get $acc1))))
        ;; the last column j < i when i - start is odd
        (if (i32.lt_s (local.get $off) (local.get $len))
          (then
            (local.set $e0 (f64.load (i32.add (local.get $a) (local.get $off))))
            (local.set $e1 (f64.load (i32.add (local.get $a1) (local.get $off))))
            (local.set $xj (f64.load (i32.add (local.get $x) (local.get $off))))
            (local.set $s0 (f64.add (local.get $s0) (f64.mul (local.get $e0) (local.get $xj))))
            (local.set $s1 (f64.add (local.get $s1) (f64.mul (local.get $e1) (local.get $xj))))
            (f64.store
              (local.tee $p (i32.add (local.get $y) (local.get $off)))
              (f64.add
                (f64.load (local.get $p))
                (f64.add
                  (f64.mul (local.get $e0) (local.get $x0))
                  (f64.mul (local.get $e1) (local.get $x1)))))))
        ;; A(i + 1, i) = e0 serves both rows; then the diagonals
        (local.set $e0 (f64.load (i32.add (local.get $a1) (local.get $len))))
        (f64.store
          (local.tee $p (i32.add (local.get $y) (local.get $len)))
          (f64.add
            (f64.load (local.get $p))
            (f64.add
              (f64.add
                (local.get $s0)
                (f64.mul (f64.load (i32.add (local.get $a) (local.get $len))) (local.get $x0)))
              (f64.mul (local.get $e0) (local.get $x1)))))
        (f64.store offset=8
          (local.tee $p (i32.add (local.get $y) (local.get $len)))
          (f64.add
            (f64.load offset=8 (local.get $p))
            (f64.add
              (f64.add
                (local.get $s1)
                (f64.mul
                  (f64.load offset=8 (i32.add (local.get $a1) (local.get $len)))
                  (local.get $x1)))
              (f64.mul (local.get $e0) (local.get $x0)))))
        (local.set $p (i32.shl (local.get $stride) (i32.const 1)))
        (local.set $a (i32.add (local.get $a) (local.get $p)))
        (local.set $len (i32.add (local.get $len) (i32.const 16)))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $rowPairs)))
    ;; the last row, when end - start is odd
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.eqz (i32.lt_s (local.get $i) (local.get $end))))
        (local.set $vxi
          (f64x2.splat (local.tee $xi (f64.load (i32.add (local.get $x) (local.get $len))))))
        (local.set $acc (f64x2.splat (f64.const 0)))
        (local.set $off (i32.const 0))
        (block $columnsDone
          (loop $columns
            (br_if $columnsDone
              (i32.eqz (i32.le_s (i32.add (local.get $off) (i32.const 16)) (local.get $len))))
            (local.set $va (v128.load align=8 (i32.add (local.get $a) (local.get $off))))
            (local.set $acc
              (f64x2.add
                (local.get $acc)
                (f64x2.mul
                  (local.get $va)
                  (v128.load align=8 (i32.add (local.get $x) (local.get $off))))))
            (v128.store align=8
              (local.tee $p (i32.add (local.get $y) (local.get $off)))
              (f64x2.add
                (v128.load align=8 (local.get $p))
                (f64x2.mul (local.get $va) (local.get $vxi))))
            (local.set $off (i32.add (local.get $off) (i32.const 16)))
            (br $columns)))
        (local.set $s
          (f64.add
            (f64x2.extract_lane 0 (local.get $acc))
            (f64x2.extract_lane 1 (local.get $acc))))
        ;; the last column j < i in scalars
        (if (i32.lt_s (local.get $off) (local.get $len))
          (then
            (local.set $aij (f64.load (i32.add (local.get $a) (local.get $off))))
            (local.set $s
              (f64.add
                (local.get $s)
                (f64.mul (local.get $aij) (f64.load (i32.add (local.get $x) (local.get $off))))))
            (f64.store
              (local.tee $p (i32.add (local.get $y) (local.get $off)))
              (f64.add (f64.load (local.get $p)) (f64.mul (local.get $aij) (local.get $xi))))))
        (f64.store
          (local.tee $p (i32.add (local.get $y) (local.get $len)))
          (f64.add
            (f64.load (local.get $p))
            (f64.add
              (local.get $s)
              (f64.mul (f64.load (i32.add (local.get $a) (local.get $len))) (local.get $xi)))))
        (local.set $a (i32.add (local.get $a) (local.get $stride)))
        (local.set $len (i32.add (local.get $len) (i32.const 8)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; syr2k(ld, start, end, m, a, x, y): A_ij -= sum_{q<m} X_q[i] Y_q[j] for start <= j <= i < end
  ;; (real her2k): row i in chunks of 8 columns (four v128), accumulated over q in registers, then
  ;; subtracted; the last chunk may pass the diagonal (up to j = i + 7). Cost O(m (end - start)^2).
  (func $syr2k (export "syr2k")
    (param $ld i32) (param $start i32) (param $end i32) (param $m i32) (param $a i32)
    (param $x i32) (param $y i32)
    (local $i i32) (local $len i32) (local $off i32) (local $stride i32) (local $q i32)
    (local $px i32) (local $py i32) (local $p i32) (local $xq v128) (local $c0 v128)
    (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local.set $stride (i32.shl (local.get $ld) (i32.const 3)))
    (local.set $p (i32.add (i32.mul (local.get $start) (local.get $ld)) (local.get $start)))
    (local.set $a (i32.shl (i32.add (local.get $a) (local.get $p)) (i32.const 3)))
    (local.set $x (i32.shl (i32.add (local.get $x) (local.get $start)) (i32.const 3)))
    (local.set $y (i32.shl (i32.add (local.get $y) (local.get $start)) (i32.const 3)))
    (local.set $i (local.get $start))
    (local.set $len (i32.const 8))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.eqz (i32.lt_s (local.get $i) (local.get $end))))
        (local.set $off (i32.const 0))
        (block $chunksDone
          (loop $chunks
            (br_if $chunksDone (i32.eqz (i32.lt_s (local.get $off) (local.get $len))))
            (local.set $c3
              (local.tee $c2 (local.tee $c1 (local.tee $c0 (f64x2.splat (f64.const 0))))))
            (local.set $px (i32.sub (i32.add (local.get $x) (local.get $len)) (i32.const 8)))
            (local.set $py (i32.add (local.get $y) (local.get $off)))
            (local.set $q (i32.const 0))
            (block $termsDone
              (loop $terms
                (br_if $termsDone (i32.eqz (i32.lt_s (local.get $q) (local.get $m))))
                ;; c_k += X_q[i] Y_q[j..j+1] for the chunk's 8 columns
                (local.set $xq (v128.load64_splat (local.get $px)))
                (local.set $c0
                  (f64x2.add
                    (local.get $c0)
                    (f64x2.mul (local.get $xq) (v128.load align=8 (local.get $py)))))
                (local.set $c1
                  (f64x2.add
                    (local.get $c1)
                    (f64x2.mul (local.get $xq) (v128.load offset=16 align=8 (local.get $py)))))
                (local.set $c2
                  (f64x2.add
                    (local.get $c2)
                    (f64x2.mul (local.get $xq) (v128.load offset=32 align=8 (local.get $py)))))
                (local.set $c3
                  (f64x2.add
                    (local.get $c3)
                    (f64x2.mul (local.get $xq) (v128.load offset=48 align=8 (local.get $py)))))
                (local.set $px (i32.add (local.get $px) (local.get $stride)))
                (local.set $py (i32.add (local.get $py) (local.get $stride)))
                (local.set $q (i32.add (local.get $q) (i32.const 1)))
                (br $terms)))
            ;; A(i, j) -= c
            (local.set $p (i32.add (local.get $a) (local.get $off)))
            (v128.store align=8
              (local.get $p)
              (f64x2.sub (v128.load align=8 (local.get $p)) (local.get $c0)))
            (v128.store offset=16 align=8
              (local.get $p)
              (f64x2.sub (v128.load offset=16 align=8 (local.get $p)) (local.get $c1)))
            (v128.store offset=32 align=8
              (local.get $p)
              (f64x2.sub (v128.load offset=32 align=8 (local.get $p)) (local.get $c2)))
            (v128.store offset=48 align=8
              (local.get $p)
              (f64x2.sub (v128.load offset=48 align=8 (local.get $p)) (local.get $c3)))
            (local.set $off (i32.add (local.get $off) (i32.const 64)))
            (br $chunks)))
        (local.set $a (i32.add (local.get $a) (local.get $stride)))
        (local.set $len (i32.add (local.get $len) (i32.const 8)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; dotsReal(ld, start, end, m, x, v, out): out_q = sum_{start<=i<end} X_q[i] v_i for q < m.
  ;; Cost O(m (end - start)).
  (func $dotsReal (export "dotsReal")
    (param $ld i32) (param $start i32) (param $end i32) (param $m i32) (param $x i32)
    (param $v i32) (param $out i32)
    (local $q i32) (local $len i32) (local $off i32) (local $stride i32) (local $zero i32)
    (local $s f64) (local $acc v128)
    (local.set $stride (i32.shl (local.get $ld) (i32.const 3)))
    (local.set $x (i32.shl (i32.add (local.get $x) (local.get $start)) (i32.const 3)))
    (local.set $v (i32.shl (i32.add (local.get $v) (local.get $start)) (i32.const 3)))
    ;; $zero is never set (0): c / out are indexed from their own offset, not from start
    (local.set $out (i32.shl (i32.add (local.get $out) (local.get $zero)) (i32.const 3)))
    (local.set $len (i32.shl (i32.sub (local.get $end) (local.get $start)) (i32.const 3)))
    (local.set $q (i32.const 0))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.eqz (i32.lt_s (local.get $q) (local.get $m))))
        (local.set $acc (f64x2.splat (f64.const 0)))
        (local.set $off (i32.const 0))
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone
              (i32.eqz (i32.le_s (i32.add (local.get $off) (i32.const 16)) (local.get $len))))
            (local.set $acc
              (f64x2.add
                (local.get $acc)
                (f64x2.mul
                  (v128.load align=8 (i32.add (local.get $x) (local.get $off)))
                  (v128.load align=8 (i32.add (local.get $v) (local.get $off))))))
            (local.set $off (i32.add (local.get $off) (i32.const 16)))
            (br $pairs)))
        (local.set $s
          (f64.add
            (f64x2.extract_lane 0 (local.get $acc))
            (f64x2.extract_lane 1 (local.get $acc))))
        ;; the last entry when end - start is odd
        (if (i32.lt_s (local.get $off) (local.get $len))
          (then
            (local.set $s
              (f64.add
                (local.get $s)
                (f64.mul
                  (f64.load (i32.add (local.get $x) (local.get $off)))
                  (f64.load (i32.add (local.get $v) (local.get $off))))))))
        (f64.store (local.get $out) (local.get $s))
        (local.set $out (i32.add (local.get $out) (i32.const 8)))
        (local.set $x (i32.add (local.get $x) (local.get $stride)))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $vectors))))

  ;; combineReal(ld, start, end, m, x, c, u): u_i -= sum_{q<m} X_q[i] c_q for start <= i < end.
  ;; Cost O(m (end - start)).
  (func $combineReal (export "combineReal")
    (param $ld i32) (param $start i32) (param $end i32) (param $m i32) (param $x i32)
    (param $c i32) (param $u i32)
    (local $q i32) (local $len i32) (local $off i32) (local $stride i32) (local $zero i32)
    (local $px i32) (local $pc i32) (local $p i32) (local $s f64) (local $acc v128)
    (local.set $stride (i32.shl (local.get $ld) (i32.const 3)))
    (local.set $x (i32.shl (i32.add (local.get $x) (local.get $start)) (i32.const 3)))
    (local.set $u (i32.shl (i32.add (local.get $u) (local.get $start)) (i32.const 3)))
    ;; $zero is never set (0): c / out are indexed from their own offset, not from start
    (local.set $c (i32.shl (i32.add (local.get $c) (local.get $zero)) (i32.const 3)))
    (local.set $len (i32.shl (i32.sub (local.get $end) (local.get $start)) (i32.const 3)))
    (local.set $off (i32.const 0))
    (block $pairsDone
      (loop $pairs
        (br_if $pairsDone
          (i32.eqz (i32.le_s (i32.add (local.get $off) (i32.const 16)) (local.get $len))))
        (local.set $acc (f64x2.splat (f64.const 0)))
        (local.set $px (i32.add (local.get $x) (local.get $off)))
        (local.set $pc (local.get $c))
        (local.set $q (i32.const 0))
        (block $termsDone
          (loop $terms
            (br_if $termsDone (i32.eqz (i32.lt_s (local.get $q) (local.get $m))))
            (local.set $acc
              (f64x2.add
                (local.get $acc)
                (f64x2.mul
                  (v128.load align=8 (local.get $px))
                  (v128.load64_splat (local.get $pc)))))
            (local.set $px (i32.add (local.get $px) (local.get $stride)))
            (local.set $pc (i32.add (local.get $pc) (i32.const 8)))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (br $terms)))
        (v128.store align=8
          (local.tee $p (i32.add (local.get $u) (local.get $off)))
          (f64x2.sub (v128.load align=8 (local.get $p)) (local.get $acc)))
        (local.set $off (i32.add (local.get $off) (i32.const 16)))
        (br $pairs)))
    ;; the last entry when end - start is odd
    (if (i32.lt_s (local.get $off) (local.get $len))
      (then
        (local.set $s (f64.const 0))
        (local.set $px (i32.add (local.get $x) (local.get $off)))
        (local.set $pc (local.get $c))
        (local.set $q (i32.const 0))
        (block $tailTermsDone
          (loop $tailTerms
            (br_if $tailTermsDone (i32.eqz (i32.lt_s (local.get $q) (local.get $m))))
            (local.set $s
              (f64.add
                (local.get $s)
                (f64.mul (f64.load (local.get $px)) (f64.load (local.get $pc)))))
            (local.set $px (i32.add (local.get $px) (local.get $stride)))
            (local.set $pc (i32.add (local.get $pc) (i32.const 8)))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (br $tailTerms)))
        (f64.store
          (local.tee $p (i32.add (local.get $u) (local.get $off)))
          (f64.sub (f64.load (local.get $p)) (local.get $s))))))

  ;; rank1Real(ld, start, end, m, z, c, v): Z_q[i] -= c_q v_i for q < m, start <= i < end (the
  ;; real rank-1 update of the back-transformation). Cost O(m (end - start)).
  (func $rank1Real (export "rank1Real")
    (param $ld i32) (param $start i32) (param $end i32) (param $m i32) (param $z i32)
    (param $c i32) (param $v i32)
    (local $q i32) (local $len i32) (local $off i32) (local $stride i32) (local $zero i32)
    (local $p i32) (local $cq f64) (local $vcq v128)
    (local.set $stride (i32.shl (local.get $ld) (i32.const 3)))
    (local.set $z (i32.shl (i32.add (local.get $z) (local.get $start)) (i32.const 3)))
    (local.set $v (i32.shl (i32.add (local.get $v) (local.get $start)) (i32.const 3)))
    ;; $zero is never set (0): c / out are indexed from their own offset, not from start
    (local.set $c (i32.shl (i32.add (local.get $c) (local.get $zero)) (i32.const 3)))
    (local.set $len (i32.shl (i32.sub (local.get $end) (local.get $start)) (i32.const 3)))
    (local.set $q (i32.const 0))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.eqz (i32.lt_s (local.get $q) (local.get $m))))
        (local.set $vcq (f64x2.splat (local.tee $cq (f64.load (local.get $c)))))
        (local.set $off (i32.const 0))
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone
              (i32.eqz (i32.le_s (i32.add (local.get $off) (i32.const 16)) (local.get $len))))
            (v128.store align=8
              (local.tee $p (i32.add (local.get $z) (local.get $off)))
              (f64x2.sub
                (v128.load align=8 (local.get $p))
                (f64x2.mul
                  (local.get $vcq)
                  (v128.load align=8 (i32.add (local.get $v) (local.get $off))))))
            (local.set $off (i32.add (local.get $off) (i32.const 16)))
            (br $pairs)))
        ;; the last entry when end - start is odd
        (if (i32.lt_s (local.get $off) (local.get $len))
          (then
            (f64.store
              (local.tee $p (i32.add (local.get $z) (local.get $off)))
              (f64.sub
                (f64.load (local.get $p))
                (f64.mul (local.get $cq) (f64.load (i32.add (local.get $v) (local.get $off))))))))
        (local.set $z (i32.add (local.get $z) (local.get $stride)))
        (local.set $c (i32.add (local.get $c) (i32.const 8)))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $vectors))))

  ;; One memory of 64 KiB pages, grown by the caller (simd-kernels.ts) to the workspace; declared
  ;; last, so that its export follows those of the functions.
  (memory $memory (export "memory") 1)
)
