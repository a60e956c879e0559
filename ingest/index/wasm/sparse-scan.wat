;; Kernels of the exact vector scan (ingest/index/exact-vector-index.ts).
;; Pointers and lengths are in bytes and multiples of 16; all arrays are f32.
;; The memory is imported and shared: worker threads that search one index
;; instantiate the module over the same vectors, each with its own accumulator.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; acc[i] += wa*a[i] + wb*b[i] + wc*c[i] + wd*d[i] for the `bytes` bytes at acc.
  (func (export "axpy4")
    (param $acc i32) (param $a i32) (param $b i32) (param $c i32) (param $d i32)
    (param $wa f32) (param $wb f32) (param $wc f32) (param $wd f32) (param $bytes i32)
    (local $i i32) (local $va v128) (local $vb v128) (local $vc v128) (local $vd v128)
    (local.set $va (f32x4.splat (local.get $wa)))
    (local.set $vb (f32x4.splat (local.get $wb)))
    (local.set $vc (f32x4.splat (local.get $wc)))
    (local.set $vd (f32x4.splat (local.get $wd)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $bytes)))
        (v128.store
          (i32.add (local.get $acc) (local.get $i))
          (f32x4.add
            (f32x4.add
              (v128.load (i32.add (local.get $acc) (local.get $i)))
              (f32x4.add
                (f32x4.mul (local.get $va) (v128.load (i32.add (local.get $a) (local.get $i))))
                (f32x4.mul (local.get $vb) (v128.load (i32.add (local.get $b) (local.get $i))))))
            (f32x4.add
              (f32x4.mul (local.get $vc) (v128.load (i32.add (local.get $c) (local.get $i))))
              (f32x4.mul (local.get $vd) (v128.load (i32.add (local.get $d) (local.get $i)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next))))

  ;; acc[i] += w*a[i] for the `bytes` bytes at acc.
  (func (export "axpy1")
    (param $acc i32) (param $a i32) (param $w f32) (param $bytes i32)
    (local $i i32) (local $vw v128)
    (local.set $vw (f32x4.splat (local.get $w)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $bytes)))
        (v128.store
          (i32.add (local.get $acc) (local.get $i))
          (f32x4.add
            (v128.load (i32.add (local.get $acc) (local.get $i)))
            (f32x4.mul (local.get $vw) (v128.load (i32.add (local.get $a) (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next)))))
