// The configuration codecs live in @scaleio-framework/operator (config/codecs.ts).
export * from '@scaleio-framework/operator';
