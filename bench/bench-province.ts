/**
 * The province the publishing benchmarks (bench:import, bench:db) publish into: Nghệ An's 2024 departments and
 * districts, the other units of the shipped directories, and 460 generated communes spread over the districts.
 */
import { loadUnitDirectory } from '../config/units/load.js';
import { isInForce, type DirectoryUnit, type UnitDirectory } from '../src/domain/units/directory.js';

const COMMUNES = 460;

/** A province shaped like Nghệ An in 2024 (21 + 21 units), with 460 communes spread over the districts. */
export function benchDirectory(slug: string): UnitDirectory {
  const na = loadUnitDirectory('nghe-an');
  const in2024 = (u: DirectoryUnit) => isInForce(u, { from: '2024-01-01', to: '2024-12-31' });
  const strip = ({ effectiveFrom: _f, effectiveTo: _t, successor: _s, ...u }: DirectoryUnit): DirectoryUnit => u;
  const departments = na.units.filter((u) => u.kind === 'department' && in2024(u)).map(strip);
  const districts = na.units.filter((u) => u.kind === 'district' && in2024(u)).map(strip);
  const others = [na, loadUnitDirectory('thai-nguyen'), loadUnitDirectory('dak-nong')]
    .flatMap((d) => d.units.filter((u) => u.kind === 'other' || u.kind === 'province'))
    .map(strip)
    .filter((u, k, all) => all.findIndex((x) => x.code === u.code) === k && !departments.some((d) => d.code === u.code))
    .map((u) => (u.parent && !departments.some((d) => d.code === u.parent) ? { ...u, parent: undefined } : u) as DirectoryUnit);
  const communes: DirectoryUnit[] = Array.from({ length: COMMUNES }, (_, k) => ({
    code: `xa-${String(k + 1).padStart(3, '0')}`,
    name: `Xã Thử nghiệm ${k + 1}`,
    kind: 'commune',
    parent: districts[k % districts.length]!.code,
    aliases: [],
  }));
  if (departments.length !== 21 || districts.length !== 21) throw new Error(`bench province: ${departments.length} departments, ${districts.length} districts`);
  return { ...na, province: slug, name: 'Thử nghiệm', units: [...departments, ...districts, ...others, ...communes] };
}
