//! A global allocator wrapper that zeroes every block before the inner allocator gets it back.
//!
//! The pii-token module zeroes the buffers it owns, but other code in the same memory copies
//! strings too. wasm-bindgen's glue writes each string argument into a block it allocates, and
//! grows that block when a character needs more than one byte. It frees the block after the call
//! without zeroing it, so an ID number typed into a page would stay in the module's memory.
//! Wrapping the global allocator in [`Zeroing`] clears every freed byte, from any allocation.
//!
//! Growing a block never leaves the old bytes behind either: [`Zeroing`] moves the data to a new
//! block itself and zeroes the old one, instead of letting the inner allocator move it.

#![no_std]
#![deny(missing_docs)]

use core::alloc::{GlobalAlloc, Layout};
use core::ptr;

use zeroize::Zeroize;

/// An allocator wrapper around `A` that zeroes each block before it is freed.
pub struct Zeroing<A>(pub A);

// SAFETY: every method forwards to `A` with the layout it was given, or with a layout of the
// same alignment and a size that the caller of `realloc` guarantees is valid. The only added
// accesses are to the block being freed, which the caller owns until `dealloc` returns.
unsafe impl<A: GlobalAlloc> GlobalAlloc for Zeroing<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the call is forwarded unchanged, so the caller's guarantees for `alloc` hold.
        unsafe { self.0.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the call is forwarded unchanged, so the caller's guarantees for `alloc_zeroed`
        // hold.
        unsafe { self.0.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        // SAFETY: the caller guarantees that `block` was allocated with `layout`, so its
        // `layout.size()` bytes are valid for writes until it is freed.
        unsafe {
            core::slice::from_raw_parts_mut(block, layout.size()).zeroize();
            self.0.dealloc(block, layout);
        }
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller guarantees that `new_size`, rounded up to `layout.align()`, does not
        // overflow `isize`, which is what `Layout` requires.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: `new_layout` has a non-zero size, as `realloc`'s contract requires.
        let moved = unsafe { self.0.alloc(new_layout) };
        if !moved.is_null() {
            // SAFETY: `moved` is a new allocation, so the two blocks do not overlap, and both are
            // valid for the copied length. `block` is then freed with its own layout.
            unsafe {
                ptr::copy_nonoverlapping(block, moved, layout.size().min(new_size));
                self.dealloc(block, layout);
            }
        }
        moved
    }
}

#[cfg(test)]
mod tests {
    extern crate std;

    use core::cell::Cell;
    use std::alloc::System;
    use std::vec::Vec;

    use super::*;

    std::thread_local! {
        /// How many blocks the checking allocator saw freed, and how many of them held a
        /// non-zero byte.
        static FREED: Cell<(usize, usize)> = const { Cell::new((0, 0)) };
    }

    /// An inner allocator that records whether each block it frees is all zeros.
    struct Checking;

    unsafe impl GlobalAlloc for Checking {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            unsafe { System.alloc(layout) }
        }

        unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
            let bytes = unsafe { core::slice::from_raw_parts(block, layout.size()) };
            let dirty = usize::from(bytes.iter().any(|&byte| byte != 0));
            FREED.with(|freed| {
                let (count, dirty_count) = freed.get();
                freed.set((count + 1, dirty_count + dirty));
            });
            unsafe { System.dealloc(block, layout) }
        }
    }

    fn freed() -> (usize, usize) {
        FREED.with(Cell::get)
    }

    #[test]
    fn freed_blocks_are_zero() {
        let allocator = Zeroing(Checking);
        let layout = Layout::from_size_align(64, 8).unwrap();
        let before = freed();
        unsafe {
            let block = allocator.alloc(layout);
            assert!(!block.is_null());
            ptr::write_bytes(block, b'7', 64);
            allocator.dealloc(block, layout);
        }
        assert_eq!(freed(), (before.0 + 1, before.1));
    }

    #[test]
    fn growing_zeroes_the_old_block() {
        let allocator = Zeroing(Checking);
        let layout = Layout::from_size_align(9, 1).unwrap();
        let before = freed();
        unsafe {
            let block = allocator.alloc(layout);
            ptr::copy_nonoverlapping(b"123456789".as_ptr(), block, 9);
            let grown = allocator.realloc(block, layout, 4096);
            assert!(!grown.is_null());
            let data: Vec<u8> = core::slice::from_raw_parts(grown, 9).to_vec();
            assert_eq!(data, b"123456789");
            allocator.dealloc(grown, Layout::from_size_align(4096, 1).unwrap());
        }
        assert_eq!(freed(), (before.0 + 2, before.1));
    }

    #[test]
    fn shrinking_a_block_keeps_its_start() {
        let allocator = Zeroing(Checking);
        let layout = Layout::from_size_align(16, 4).unwrap();
        let before = freed();
        unsafe {
            let block = allocator.alloc(layout);
            ptr::copy_nonoverlapping(b"ABCDEFGHIJKLMNOP".as_ptr(), block, 16);
            let shrunk = allocator.realloc(block, layout, 4);
            assert_eq!(core::slice::from_raw_parts(shrunk, 4), b"ABCD");
            allocator.dealloc(shrunk, Layout::from_size_align(4, 4).unwrap());
        }
        assert_eq!(freed(), (before.0 + 2, before.1));
    }
}
