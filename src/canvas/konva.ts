/**
 * The canvas's only entry to Konva: react-konva's core build plus exactly the shapes the app draws, so the bundle
 * carries no unused Konva shapes or filters. Overlays (canvas/layers) import their components from here too;
 * a shape not registered below renders nothing, so add its `konva/lib/shapes/*` import when you need a new one.
 */
import 'konva/lib/shapes/Image';
import 'konva/lib/shapes/Rect';
import 'konva/lib/shapes/Line';
import 'konva/lib/shapes/Circle';

export { Stage, Layer, Group, Image, Rect, Line, Circle } from 'react-konva/lib/ReactKonvaCore';
