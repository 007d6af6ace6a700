// Vite's `?raw` imports (a file's text), which vitest resolves: lets the renderer's tests read
// the README and sources without Node's fs (this project has no Node types).
declare module '*?raw' {
  const text: string
  export default text
}
