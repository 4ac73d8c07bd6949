/**
 * The neutral reply model: a card with a title, a markdown body, fields and buttons.
 * The conversation engine produces these; each channel renders them natively.
 */
package com.actionbridge.card;
