package io.fleetcompat.agent.xen;

/**
 * A hypercall argument as the guest passes it (§2.1): the IN record, and whether Xen can read it
 * (copy_from_guest) and write the OUT fields back (copy_to_guest). Unreadable gives -EFAULT with no state
 * change; uncopyable gives -EFAULT after the state change was made.
 */
public record GuestHandle<T>(T value, boolean readable, boolean writable) {

    public static <T> GuestHandle<T> of(T value) {
        return new GuestHandle<>(value, true, true);
    }

    public static <T> GuestHandle<T> unreadable(T value) {
        return new GuestHandle<>(value, false, true);
    }

    public static <T> GuestHandle<T> uncopyable(T value) {
        return new GuestHandle<>(value, true, false);
    }
}
