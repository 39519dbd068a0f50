//! Validation throughput per ID type, natively: normalising plus the type's checks.
//!
//! Each type is measured on a number of its printed length made of digits and, where the layout
//! starts with letters, the letters the document begins with would be; most such numbers fail
//! at the last check, so the measurement covers every step a valid number goes through. Run
//! with `cargo bench --bench validate`; `scripts/bench.sh` turns the results into
//! `docs/benchmarks.md`.

// The benchmark measures native code; on wasm32, which `clippy --all-targets` also checks, it is
// an empty program.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use criterion::{criterion_group, BenchmarkId, Criterion, Throughput};
    use pii_token::{id_types, IdNumber, KeyMode, Rules};

    /// Returns an input of the first printed layout's length: the layout with each `#` replaced by a
    /// digit from a fixed sequence, so every type gets separators to strip as typed input has.
    fn sample_input(layout: &str) -> String {
        let digits = b"4929173056";
        layout
            .bytes()
            .enumerate()
            .map(|(index, symbol)| match symbol {
                b'#' => char::from(digits[index % digits.len()]),
                other => char::from(other),
            })
            .collect()
    }

    fn validate_each_type(criterion: &mut Criterion) {
        let mut group = criterion.benchmark_group("validate");
        for id_type in id_types::all() {
            let input = sample_input(id_type.layouts().next().unwrap_or_default());
            group.throughput(Throughput::Elements(1));
            group.bench_with_input(
                BenchmarkId::from_parameter(id_type.name()),
                &input,
                |bench, input| {
                    bench.iter(|| {
                        let number = IdNumber::normalize(std::hint::black_box(input));
                        number.map(|number| Rules::IdType(id_type).check(&number, KeyMode::Live))
                    });
                },
            );
        }
        group.finish();
    }

    criterion_group! {
        name = benches;
        config = Criterion::default()
            .sample_size(30)
            .warm_up_time(std::time::Duration::from_millis(200))
            .measurement_time(std::time::Duration::from_millis(600));
        targets = validate_each_type
    }
}
