package com.actionbridge.admin;

/**
 * Tells the other instances that this one reloaded its bots, so that they reload theirs from the same files.
 * Only with a shared store; one instance alone has nobody to tell.
 */
@FunctionalInterface
public interface ReloadBroadcast {

    void reloaded();
}
