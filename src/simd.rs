//! Run-time choice of the widest vector instructions the CPU has.

/// Defines the function written inside it so that its body is compiled three
/// times, for AVX-512 (F and DQ), for AVX2 and for the baseline target, and runs
/// the widest the CPU supports (detected at run time; std caches the answer).
/// The arithmetic is the same on every path (Rust fuses no multiply-adds), so the
/// results are identical; only the vector width differs.
///
/// The function takes plain `name: Type` arguments and may have generic parameters
/// of one bound each (`<F: Fn(f64) -> f64>`); its body sees the items of the module
/// it is written in, not `self`.
macro_rules! widest_simd {
    (
        $(#[$attr:meta])*
        $vis:vis fn $name:ident $(<$($gen:ident: $bound:path),+>)?
            ($($arg:ident: $ty:ty),* $(,)?) $(-> $ret:ty)? $body:block
    ) => {
        $(#[$attr])*
        $vis fn $name $(<$($gen: $bound),+>)? ($($arg: $ty),*) $(-> $ret)? {
            #[inline(always)]
            fn portable $(<$($gen: $bound),+>)? ($($arg: $ty),*) $(-> $ret)? $body

            #[cfg(target_arch = "x86_64")]
            {
                #[target_feature(enable = "avx512f,avx512dq")]
                unsafe fn avx512 $(<$($gen: $bound),+>)? ($($arg: $ty),*) $(-> $ret)? {
                    portable($($arg),*)
                }

                #[target_feature(enable = "avx2")]
                unsafe fn avx2 $(<$($gen: $bound),+>)? ($($arg: $ty),*) $(-> $ret)? {
                    portable($($arg),*)
                }

                if std::arch::is_x86_feature_detected!("avx512f")
                    && std::arch::is_x86_feature_detected!("avx512dq")
                {
                    // SAFETY: the CPU supports AVX-512F and AVX-512DQ.
                    return unsafe { avx512($($arg),*) };
                }
                if std::arch::is_x86_feature_detected!("avx2") {
                    // SAFETY: the CPU supports AVX2.
                    return unsafe { avx2($($arg),*) };
                }
            }
            portable($($arg),*)
        }
    };
}

pub(crate) use widest_simd;
