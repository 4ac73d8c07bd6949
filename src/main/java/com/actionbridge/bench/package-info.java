/**
 * What only the benchmark ({@code bench/run}) switches on: an empty reference endpoint to compare callbacks with.
 */
package com.actionbridge.bench;
