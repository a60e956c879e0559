/** Solves A x = b for a symmetric positive definite A (Gaussian elimination with partial pivoting). */
export function solve(matrix: readonly (readonly number[])[], vector: readonly number[]): number[] {
  const size = vector.length;
  const a = matrix.map((row, i) => [...row, vector[i]!]);
  for (let column = 0; column < size; column++) {
    let pivot = column;
    for (let row = column + 1; row < size; row++) if (Math.abs(a[row]![column]!) > Math.abs(a[pivot]![column]!)) pivot = row;
    [a[column], a[pivot]] = [a[pivot]!, a[column]!];
    const head = a[column]!;
    const diagonal = head[column]! || 1e-12;
    for (let row = column + 1; row < size; row++) {
      const current = a[row]!;
      const factor = current[column]! / diagonal;
      if (factor === 0) continue;
      for (let k = column; k <= size; k++) current[k]! -= factor * head[k]!;
    }
  }
  const x = new Array<number>(size).fill(0);
  for (let row = size - 1; row >= 0; row--) {
    const current = a[row]!;
    let sum = current[size]!;
    for (let k = row + 1; k < size; k++) sum -= current[k]! * x[k]!;
    x[row] = sum / (current[row]! || 1e-12);
  }
  return x;
}
